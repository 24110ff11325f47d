package io.labelstream.ml.artifact;

/** No artifact is stored under the requested content address. */
public final class ArtifactNotFoundException extends RuntimeException {

    public ArtifactNotFoundException(final String sha256) {
        super("no model artifact with sha256 " + sha256);
    }
}
