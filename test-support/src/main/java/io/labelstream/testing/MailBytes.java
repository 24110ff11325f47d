package io.labelstream.testing;

/** RFC-822 messages for tests of mail intake. */
public final class MailBytes {

    private MailBytes() {
    }

    /** A multipart/mixed message of {@code parts} short text parts, each {@code partText} as its body. */
    public static String multipart(final int parts, final String partText) {
        final String boundary = "part-boundary";
        final StringBuilder mail = new StringBuilder("From: sender@example.com\r\nSubject: Many parts\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n");
        for (int i = 0; i < parts; i++) {
            mail.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
                    .append(partText).append("\r\n");
        }
        return mail.append("--").append(boundary).append("--\r\n").toString();
    }
}
