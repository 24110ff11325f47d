package io.labelstream.ml.features;

/**
 * {@code Long.remainderUnsigned(x, divisor)} for a divisor fixed in advance, by multiplication: a 64-bit division
 * takes tens of cycles, and a text's thousands of hashed features each need one to find their bucket. The quotient
 * is estimated from the divisor's reciprocal {@code floor((2^64 - 1) / divisor)}; the estimate is the true quotient
 * or one or two less, which the two corrections at the end make up for, so the result is exact.
 */
final class UnsignedRemainder {

    private final long divisor;
    private final long reciprocal;

    /** @param divisor from 1 to {@link Integer#MAX_VALUE} */
    UnsignedRemainder(final int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be positive, was " + divisor);
        }
        this.divisor = divisor;
        this.reciprocal = Long.divideUnsigned(-1L, divisor);
    }

    /** {@code dividend} read as unsigned, modulo the divisor. */
    long of(final long dividend) {
        final long quotient = unsignedMultiplyHigh(dividend, reciprocal);
        long remainder = dividend - quotient * divisor;
        if (remainder >= divisor) {
            remainder -= divisor;
        }
        if (remainder >= divisor) {
            remainder -= divisor;
        }
        return remainder;
    }

    /** The high 64 bits of the unsigned 128-bit product (Java 18 has it as {@code Math.unsignedMultiplyHigh}). */
    private static long unsignedMultiplyHigh(final long x, final long y) {
        return Math.multiplyHigh(x, y) + (x >> 63 & y) + (y >> 63 & x);
    }
}
