package io.labelstream.ml.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;

/**
 * AlexNet's recipe scaled to small images (28x28 and up): five convolutions with ReLU in AlexNet's 1-1-3 grouping,
 * overlapping max pooling (3x3 windows, stride 2) after the first, second and fifth, then two fully connected layers
 * with dropout and a linear output. Batch normalization takes the place of AlexNet's local response normalization
 * because it reaches the same accuracy in far fewer epochs, which matters on CPU workers. {@code width} scales all
 * channel counts (AlexNet's 96 first-layer filters correspond to a width of 96).
 *
 * <p>The width must be a multiple of {@value #CHANNEL_BLOCK}. PyTorch's CPU convolutions (oneDNN) keep activations
 * in blocks of 16 channels on AVX-512 machines and pad a channel count that is not a multiple of 16 up to one.
 * Measured with PyTorch 2.7.1: with 24 channels, now and then a convolution after a pooling layer read non-finite
 * values from that padding, so that a seeded run turned NaN at a random batch, or not at all. With whole blocks
 * there is no padding, and a seeded run repeats bit for bit.
 */
public final class SmallAlexNet {

    /** Channels per oneDNN block on AVX-512 (16 floats); also a whole number of AVX2 blocks (8 floats). */
    public static final int CHANNEL_BLOCK = 16;

    private static final Shape POOL_WINDOW = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(2, 2);

    private SmallAlexNet() {
    }

    public static Block build(final InputSpec input, final int classes, final Hyperparameters hyperparameters) {
        final int width = hyperparameters.width();
        if (width <= 0 || width % CHANNEL_BLOCK != 0) {
            throw new IllegalArgumentException("the CNN's width must be a positive multiple of " + CHANNEL_BLOCK
                    + " (whole channel blocks of the CPU's convolutions), not " + width);
        }
        final float dropout = (float) hyperparameters.dropout();
        final int hidden = Math.max(256, 16 * width);
        return new SequentialBlock()
                .add(conv(width, 5, 2))
                .add(overlappingMaxPool())
                .add(conv(2 * width, 3, 1))
                .add(overlappingMaxPool())
                .add(conv(4 * width, 3, 1))
                .add(conv(4 * width, 3, 1))
                .add(conv(2 * width, 3, 1))
                .add(overlappingMaxPool())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block conv(final int filters, final int kernel, final int padding) {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(kernel, kernel))
                        .optPadding(new Shape(padding, padding))
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    private static Block overlappingMaxPool() {
        return Pool.maxPool2dBlock(POOL_WINDOW, POOL_STRIDE);
    }
}
