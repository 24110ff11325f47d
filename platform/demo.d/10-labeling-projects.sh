#!/usr/bin/env bash
# Creates the two demo projects, `spam` (SpamAssassin e-mails, ham/spam) and `fashion` (Fashion-MNIST, 10 classes,
# 28x28 grey images), through the labeling admin API, and one demo labeler account. Safe to run again: PUT with an
# unchanged definition changes nothing and publishes nothing; an existing account is left alone.
set -euo pipefail

: "${LABELSTREAM_LABELING_URL:?the labeling service URL is required}"
: "${LABELSTREAM_HOME:?the platform state folder is required}"

password_file="$LABELSTREAM_HOME/data/labeling/admin-password"
if [ -n "${LABELSTREAM_LABELING_ADMIN_PASSWORD:-}" ]; then
  admin_password="$LABELSTREAM_LABELING_ADMIN_PASSWORD"
elif [ -r "$password_file" ]; then
  admin_password="$(head -n1 "$password_file")"
else
  echo "10-labeling-projects: no admin password: set LABELSTREAM_LABELING_ADMIN_PASSWORD or start labeling once so that it writes $password_file" >&2
  exit 1
fi

# Sends a JSON body; fails with the problem body when the status is not one of the accepted ones.
call() {
  local method="$1" path="$2" body="$3" accepted="$4" out status
  out="$(mktemp)"
  status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -u "admin:$admin_password" \
    -H 'Content-Type: application/json' --data-binary "$body" "$LABELSTREAM_LABELING_URL$path")"
  if [[ " $accepted " != *" $status "* ]]; then
    echo "10-labeling-projects: $method $path answered $status: $(cat "$out")" >&2
    rm -f "$out"
    exit 1
  fi
  echo "10-labeling-projects: $method $path -> $status"
  rm -f "$out"
}

call PUT /api/v1/projects/spam '{
  "name": "Spam or ham",
  "kind": "text",
  "labels": [
    {"name": "ham", "description": "A message the recipient wants, including newsletters they asked for", "hotkey": "h"},
    {"name": "spam", "description": "Unsolicited bulk mail: ads, scams, phishing", "hotkey": "s"}
  ],
  "instructions": "Read the e-mail and decide: **ham** (wanted) or **spam** (unsolicited bulk mail).\n\nJudge the message, not its sender alone. Press `h` or `s`; skip with a flag when the item is not an e-mail or cannot be read.",
  "redundancy": {"minLabelers": 2, "maxLabelers": 5, "agreementTarget": 0.9},
  "routing": {"autoLabelThreshold": 0.95, "qaSampleRate": 0.05, "uncertaintyMeasure": "margin"},
  "goldRate": 0.05,
  "filters": {"minLength": 1, "maxLength": 100000, "languages": ["en"], "denyPatterns": []},
  "training": {"retrainEveryLabels": 500, "promotionMargin": 0.005, "trainOnAutoLabels": false}
}' "200 201"

call PUT /api/v1/projects/fashion '{
  "name": "Fashion-MNIST",
  "kind": "image",
  "labels": [
    {"name": "T-shirt/top", "hotkey": "0"},
    {"name": "Trouser", "hotkey": "1"},
    {"name": "Pullover", "hotkey": "2"},
    {"name": "Dress", "hotkey": "3"},
    {"name": "Coat", "hotkey": "4"},
    {"name": "Sandal", "hotkey": "5"},
    {"name": "Shirt", "hotkey": "6"},
    {"name": "Sneaker", "hotkey": "7"},
    {"name": "Bag", "hotkey": "8"},
    {"name": "Ankle boot", "hotkey": "9"}
  ],
  "instructions": "Pick the clothing class of the 28x28 grey picture with keys `0` to `9`.\n\n*Shirt* has buttons or a collar; *T-shirt/top* has neither. *Pullover* has long sleeves and no opening; *Coat* opens at the front.",
  "redundancy": {"minLabelers": 2, "maxLabelers": 4, "agreementTarget": 0.85},
  "routing": {"autoLabelThreshold": 0.9, "qaSampleRate": 0.02, "uncertaintyMeasure": "entropy"},
  "goldRate": 0.05,
  "image": {"width": 28, "height": 28, "channels": 1},
  "training": {"retrainEveryLabels": 1000, "promotionMargin": 0.005, "trainOnAutoLabels": true}
}' "200 201"

demo_file="$LABELSTREAM_HOME/data/labeling/demo-labeler-password"
if [ ! -s "$demo_file" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$demo_file")
fi
call POST /api/v1/accounts "{\"username\": \"demo\", \"password\": \"$(head -n1 "$demo_file")\", \"role\": \"labeler\"}" "201 409"
echo "10-labeling-projects: labeler 'demo', password in $demo_file"
