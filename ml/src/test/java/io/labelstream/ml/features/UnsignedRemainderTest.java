package io.labelstream.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UnsignedRemainderTest {

    private static final int[] DIVISORS = {1, 2, 3, 7, 1_000, (1 << 16) - 1, 1 << 16, (1 << 20) - 1, 2_000_003,
            (1 << 30) + 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    @Test
    void shouldEqualTheDivisionsRemainderForRandomDividends() {
        final SplittableRandom random = new SplittableRandom(11);
        for (final int divisor : DIVISORS) {
            final UnsignedRemainder remainder = new UnsignedRemainder(divisor);
            for (int i = 0; i < 200_000; i++) {
                final long dividend = random.nextLong();
                assertThat(remainder.of(dividend)).as("%d mod %d", dividend, divisor)
                        .isEqualTo(Long.remainderUnsigned(dividend, divisor));
            }
        }
    }

    @Test
    void shouldEqualTheDivisionsRemainderAtTheEdges() {
        for (final int divisor : DIVISORS) {
            final UnsignedRemainder remainder = new UnsignedRemainder(divisor);
            final long[] dividends = LongStream.of(0, 1, divisor - 1L, divisor, divisor + 1L, 2L * divisor - 1,
                    2L * divisor, 3L * divisor - 1, 3L * divisor, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L,
                    -(long) divisor, Long.MAX_VALUE - divisor, Long.divideUnsigned(-1L, divisor) * divisor,
                    Long.divideUnsigned(-1L, divisor) * divisor - 1).toArray();
            for (final long dividend : dividends) {
                assertThat(remainder.of(dividend)).as("%d mod %d", dividend, divisor)
                        .isEqualTo(Long.remainderUnsigned(dividend, divisor));
            }
        }
    }

    @Test
    void shouldRefuseADivisorBelowOne() {
        assertThatThrownBy(() -> new UnsignedRemainder(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
