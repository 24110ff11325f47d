package io.labelstream.labeling.security;

/** Who makes the current request, as the services need it: the account id for queries, the pseudonym for labels. */
public record Caller(long accountId, String username, String role, String pseudonym) {
}
