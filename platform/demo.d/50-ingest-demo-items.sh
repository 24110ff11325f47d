#!/usr/bin/env bash
# Streams a few hundred SpamAssassin mails (project `spam`) and Fashion-MNIST images (project `fashion`) into
# items.raw through the ingest HTTP endpoint; the projects come from 10-labeling-projects.sh. Runs once: a marker in
# the ingest data folder keeps a later `up` from sending the same items again (they would only become duplicates).
set -euo pipefail

: "${LABELSTREAM_ROOT:?the checkout is required}"
: "${LABELSTREAM_HOME:?the platform state folder is required}"
: "${LABELSTREAM_INGEST_URL:?the ingest service URL is required}"

marker="$LABELSTREAM_HOME/data/ingest/demo-items-sent"
if [ -e "$marker" ]; then
  echo "50-ingest-demo-items: already sent ($marker)"
  exit 0
fi

key_file="$LABELSTREAM_HOME/data/ingest/api-key"
api_key="${LABELSTREAM_INGEST_API_KEY:-}"
if [ -z "$api_key" ] && [ -r "$key_file" ]; then
  api_key="$(head -n1 "$key_file")"
fi
if [ -z "$api_key" ]; then
  echo "50-ingest-demo-items: no API key: set LABELSTREAM_INGEST_API_KEY or start ingest once so that it writes $key_file" >&2
  exit 1
fi

paths="$("$LABELSTREAM_ROOT/datasets/install")"
spam_dir="$(sed -n 's/^LABELSTREAM_SPAM_ASSASSIN=//p' <<<"$paths")"
fashion_dir="$(sed -n 's/^LABELSTREAM_FASHION_MNIST=//p' <<<"$paths")"

java "$LABELSTREAM_ROOT/services/ingest/demo/DemoItemsFeed.java" \
  "$LABELSTREAM_INGEST_URL" "$api_key" "$spam_dir" "$fashion_dir" "${LABELSTREAM_DEMO_MAILS_PER_FOLDER:-150}" \
  "${LABELSTREAM_DEMO_IMAGES:-200}"
touch "$marker"
