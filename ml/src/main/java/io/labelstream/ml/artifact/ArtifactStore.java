package io.labelstream.ml.artifact;

/** Content-addressed storage of model artifacts: the key of an artifact is the SHA-256 of its bytes (hex). */
public interface ArtifactStore {

    /** Stores the artifact (idempotent) and tells where it is. */
    StoredArtifact put(byte[] artifact);

    /**
     * @throws ArtifactNotFoundException when no artifact has that address
     * @throws IllegalStateException when the stored bytes no longer hash to the address
     */
    byte[] get(String sha256);

    boolean contains(String sha256);

    default LoadedModel load(final String sha256) {
        return ModelArtifacts.load(get(sha256));
    }

    record StoredArtifact(String sha256, String uri, long sizeBytes) {
    }
}
