package io.labelstream.ml;

import ai.djl.engine.Engine;

/**
 * The PyTorch engine in offline mode. DJL would otherwise download libtorch or the JNI bridge when it finds none;
 * here both come from Maven jars ({@code pytorch-native-cpu}, {@code pytorch-jni}), which DJL unpacks into its cache
 * directory ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}). A GPU worker points {@code PYTORCH_LIBRARY_PATH} at
 * a CUDA libtorch instead.
 */
public final class OfflineEngine {

    public static final String ENGINE = "PyTorch";
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private OfflineEngine() {
    }

    public static Engine pytorch() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        return Engine.getEngine(ENGINE);
    }
}
