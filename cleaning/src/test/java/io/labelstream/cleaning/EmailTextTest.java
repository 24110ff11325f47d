package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.labelstream.schemas.events.RejectReason;
import org.junit.jupiter.api.Test;

class EmailTextTest {

    private static final int MAX_PARTS = 10;

    /** A multipart/mixed message: the container and {@code leaves} text parts, so {@code leaves + 1} parts. */
    private static String multipart(final int leaves, final String boundaryParameter, final String boundary) {
        final StringBuilder mail = new StringBuilder("From: a@example.com\r\nSubject: Parts\r\n"
                + "Content-Type: multipart/mixed;\r\n\t" + boundaryParameter + "\r\n\r\npreamble\r\n");
        for (int i = 0; i < leaves; i++) {
            mail.append("--").append(boundary).append(" \r\nContent-Type: text/plain\r\n\r\npart ").append(i)
                    .append("\r\n-- \r\nsignature dashes are no delimiter\r\n");
        }
        return mail.append("--").append(boundary).append("--\r\n").toString();
    }

    @Test
    void shouldReadAMessageOfAsManyPartsAsAllowed() {
        final String text = EmailText.toText(multipart(MAX_PARTS - 1, "boundary=\"b 1\"", "b 1"), MAX_PARTS);

        assertThat(text).startsWith("Parts\n\npart 0").contains("part 8");
    }

    @Test
    void shouldRefuseAMessageOfMorePartsBeforeParsingIt() {
        for (final String parameter : new String[] {"boundary=\"b 1\"", "BOUNDARY = b1"}) {
            final String boundary = parameter.contains("\"") ? "b 1" : "b1";
            final ItemRejectedException rejection = catchThrowableOfType(ItemRejectedException.class,
                    () -> EmailText.toText(multipart(MAX_PARTS, parameter, boundary), MAX_PARTS));

            assertThat(rejection.reason()).as(parameter).isEqualTo(RejectReason.MALFORMED_EMAIL);
            assertThat(rejection.detail()).isEqualTo("The message has more than 10 MIME parts.");
        }
    }

    @Test
    void shouldCountNestedMultipartsAsPartsToo() {
        final String inner = "Content-Type: multipart/alternative; boundary=inner\r\n\r\n"
                + "--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n--inner--\r\n";
        final String mail = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n"
                + ("--outer\r\n" + inner).repeat(4) + "--outer--\r\n";

        assertThat(EmailText.toText(mail, 9)).contains("plain");
        assertThat(catchThrowableOfType(ItemRejectedException.class, () -> EmailText.toText(mail, 8)).reason())
                .as("the message, 4 inner multiparts and their 4 leaves")
                .isEqualTo(RejectReason.MALFORMED_EMAIL);
    }
}
