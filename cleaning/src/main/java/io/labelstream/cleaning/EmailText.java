package io.labelstream.cleaning;

import io.labelstream.schemas.events.RejectReason;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of an RFC-822 message: its subject and the text of its body, with MIME multiparts walked,
 * quoted-printable and base64 undone, charsets honoured and HTML turned into text. Attachments that are not text
 * are skipped.
 */
public final class EmailText {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int MAX_DEPTH = 16;
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"\\r\\n]*)\"|([^\\s;\"]+))");

    private EmailText() {
    }

    /** The readable text of a message of at most {@code maxParts} MIME parts. */
    public static String toText(final String rfc822, final int maxParts) {
        requireAtMostParts(rfc822, maxParts);
        try {
            final MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(messageBytes(rfc822)));
            if (!message.getAllHeaders().hasMoreElements()) {
                throw new ItemRejectedException(RejectReason.MALFORMED_EMAIL, "The message has no RFC-822 header.");
            }
            return readable(message, 0);
        } catch (final MessagingException | IOException | IllegalArgumentException e) {
            throw new ItemRejectedException(RejectReason.MALFORMED_EMAIL, "Cannot parse the message: " + e.getMessage());
        }
    }

    /**
     * Jakarta Mail parses a multipart's parts all at once, at about a tenth of a millisecond each, before the first
     * can be counted; a message of 20,000 tiny parts held a stream thread for seconds. The parts are counted first:
     * every part but the message itself is opened by a delimiter line of a boundary the message declares, which a
     * scan of its lines finds. A message declaring more boundaries than it may have parts is refused as well, so
     * that the set of boundaries stays small.
     */
    private static void requireAtMostParts(final String rfc822, final int maxParts) {
        final Set<String> boundaries = new HashSet<>();
        final Matcher declared = BOUNDARY.matcher(rfc822);
        while (declared.find()) {
            boundaries.add(declared.group(1) != null ? declared.group(1) : declared.group(2));
            if (boundaries.size() > maxParts) {
                throw tooManyParts(maxParts);
            }
        }
        int parts = 1;
        for (int start = 0; start < rfc822.length() && !boundaries.isEmpty(); ) {
            final int newline = rfc822.indexOf('\n', start);
            final int end = newline < 0 ? rfc822.length() : newline;
            if (rfc822.startsWith("--", start) && opensPart(rfc822.substring(start + 2, end), boundaries)
                    && ++parts > maxParts) {
                throw tooManyParts(maxParts);
            }
            start = end + 1;
        }
    }

    private static ItemRejectedException tooManyParts(final int maxParts) {
        return new ItemRejectedException(RejectReason.MALFORMED_EMAIL,
                "The message has more than " + maxParts + " MIME parts.");
    }

    /** A delimiter line names its boundary, then white space at most; the closing one ends in "--" and opens none. */
    private static boolean opensPart(final String lineAfterDashes, final Set<String> boundaries) {
        return boundaries.contains(lineAfterDashes.stripTrailing());
    }

    /**
     * Mail is bytes; the raw item carries it as a string. A string of only 8-bit characters is read back as the
     * bytes it was read from (ISO-8859-1 round-trips every byte); anything wider was decoded from UTF-8.
     */
    private static byte[] messageBytes(final String rfc822) {
        for (int i = 0; i < rfc822.length(); i++) {
            if (rfc822.charAt(i) > 0xFF) {
                return rfc822.getBytes(StandardCharsets.UTF_8);
            }
        }
        return rfc822.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readable(final MimeMessage message, final int depth) throws MessagingException, IOException {
        final String subject = message.getSubject();
        final String body = partText(message, depth);
        if (subject == null || subject.isBlank()) {
            return body;
        }
        return subject + "\n\n" + body;
    }

    private static String partText(final Part part, final int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new ItemRejectedException(RejectReason.MALFORMED_EMAIL, "MIME parts nest deeper than " + MAX_DEPTH);
        }
        if (part.isMimeType("multipart/alternative")) {
            return alternativeText((Multipart) part.getContent(), depth);
        }
        if (part.isMimeType("multipart/*")) {
            final Multipart multipart = (Multipart) part.getContent();
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                final String partText = partText(multipart.getBodyPart(i), depth + 1);
                if (!partText.isBlank()) {
                    text.append(text.isEmpty() ? "" : "\n\n").append(partText);
                }
            }
            return text.toString();
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof MimeMessage nested) {
            return readable(nested, depth + 1);
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return "";
        }
        if (part.isMimeType("text/html")) {
            return HtmlText.toText(decodedText(part));
        }
        if (part.isMimeType("text/*") || part.getContentType() == null) {
            return decodedText(part);
        }
        return "";
    }

    private static String alternativeText(final Multipart alternatives, final int depth)
            throws MessagingException, IOException {
        BodyPart html = null;
        for (int i = 0; i < alternatives.getCount(); i++) {
            final BodyPart candidate = alternatives.getBodyPart(i);
            if (candidate.isMimeType("text/plain")) {
                return decodedText(candidate);
            }
            if (html == null && candidate.isMimeType("text/html")) {
                html = candidate;
            }
        }
        if (html != null) {
            return HtmlText.toText(decodedText(html));
        }
        return alternatives.getCount() == 0 ? "" : partText(alternatives.getBodyPart(0), depth + 1);
    }

    /**
     * The declared charset first; mail in the wild often declares none or the wrong one, so undeclared or
     * undecodable bytes are tried as UTF-8 and then as windows-1252 (a superset of ISO-8859-1 that decodes any
     * byte). A part that declares UTF-8 is the exception: UTF-8 validates itself, so bytes that are not UTF-8 there are
     * damaged or forged rather than mislabeled, and guessing another charset would turn them into plausible garbage.
     * (Of the SpamAssassin corpus's 27 text parts that declare UTF-8, none fails; mislabeled mail declares us-ascii or
     * ISO-8859-1, which keep the fallback.)
     */
    private static String decodedText(final Part part) throws MessagingException, IOException {
        final byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        final Charset declared = declaredCharset(part);
        if (declared != null) {
            final String text = decodeStrictly(bytes, declared);
            if (text != null) {
                return text;
            }
            if (declared.equals(StandardCharsets.UTF_8)) {
                throw new ItemRejectedException(RejectReason.INVALID_ENCODING,
                        "A text part of the message declares charset UTF-8, but its bytes are not UTF-8.");
            }
        }
        final String utf8 = decodeStrictly(bytes, StandardCharsets.UTF_8);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }

    private static Charset declaredCharset(final Part part) throws MessagingException {
        final String contentType = part.getContentType();
        if (contentType == null) {
            return null;
        }
        try {
            final String name = new ContentType(contentType).getParameter("charset");
            return name == null || !Charset.isSupported(name.trim()) ? null : Charset.forName(name.trim());
        } catch (final ParseException | IllegalArgumentException e) {
            // an illegal or unknown charset name counts as no declaration; the fallbacks below still apply
            return null;
        }
    }

    private static String decodeStrictly(final byte[] bytes, final Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (final CharacterCodingException e) {
            return null;
        }
    }
}
