package io.labelstream.ingest.streams;

import static io.labelstream.ingest.fixtures.RawItems.plain;
import static io.labelstream.ingest.fixtures.RawItems.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ingest.fixtures.RawItems;
import io.labelstream.ingest.fixtures.TestImages;
import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.EventSchemas;
import io.labelstream.schemas.EventType;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.ImageBytes;
import io.labelstream.testing.MisencodedBodies;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleaningTopologyTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final String LETTER = "Dear team, the quarterly report is attached. Please review the figures "
            + "on revenue and costs before our meeting on Thursday, and send me your comments by Wednesday noon. "
            + "We will also discuss the hiring plan for next year and the budget for the new office.";

    @TempDir
    Path stateDir;

    private final List<Rejection> sideChannel = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> projects;
    private TestOutputTopic<String, CleanItem> clean;
    private TestOutputTopic<String, DuplicateItem> duplicates;
    private TestOutputTopic<String, Rejection> rejected;

    @BeforeEach
    void startDriver() {
        driver = driver(CleaningSettings.defaults(Clock.fixed(START, ZoneOffset.UTC)));
        putProject(TestProjects.spam());
        putProject(TestProjects.fashion());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private TopologyTestDriver driver(final CleaningSettings settings) {
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, settings, CleaningMetrics.NONE);
        final Properties properties = new Properties();
        properties.putAll(CleaningStreamsConfig.properties("unused:9092", "ingest-test", stateDir.toString()));
        properties.put(RejectionSink.CONFIG, (RejectionSink) (key, rejection) -> sideChannel.add(rejection));
        final TopologyTestDriver testDriver = new TopologyTestDriver(builder.build(), properties, START);
        raw = testDriver.createInputTopic(CleaningTopology.INPUT_TOPIC, new StringSerializer(), new ByteArraySerializer());
        projects = testDriver.createInputTopic(CleaningTopology.PROJECTS_TOPIC, new StringSerializer(),
                new ByteArraySerializer());
        clean = testDriver.createOutputTopic(CleaningTopology.CLEAN_TOPIC, new StringDeserializer(),
                JsonSerde.of(CleanItem.class));
        duplicates = testDriver.createOutputTopic(CleaningTopology.DUPLICATES_TOPIC, new StringDeserializer(),
                JsonSerde.of(DuplicateItem.class));
        rejected = testDriver.createOutputTopic(CleaningTopology.REJECTED_TOPIC, new StringDeserializer(),
                JsonSerde.of(Rejection.class));
        return testDriver;
    }

    private void putProject(final Project project) {
        projects.pipeInput(project.id(), RawItems.json(project), START);
    }

    private void send(final byte[] value) {
        raw.pipeInput(new TestRecord<>((String) null, value, START));
    }

    private Rejection rejectionOf(final byte[] value) {
        send(value);
        final List<Rejection> rejections = rejected.readValuesToList();
        assertThat(clean.isEmpty()).as("nothing cleaned").isTrue();
        assertThat(duplicates.isEmpty()).as("no duplicate").isTrue();
        assertThat(rejections).hasSize(1);
        final Rejection rejection = rejections.get(0);
        assertThat(EventSchemas.validate(EventType.REJECTION, Rejection.VERSION, Json.MAPPER.valueToTree(rejection)))
                .isEmpty();
        return rejection;
    }

    private void assertRejected(final byte[] value, final RejectReason reason) {
        assertThat(rejectionOf(value).reason()).isEqualTo(reason);
    }

    @Test
    void shouldCleanATextItemWithAContentDerivedIdFingerprintsAndLineage() {
        raw.pipeInput(new TestRecord<>("msg-1", plain("  Dear team,\u0007 the\treport   is attached.  \r\n\r\n\r\nBye. "),
                START));

        final TestRecord<String, CleanItem> record = clean.readRecord();
        final CleanItem item = record.value();
        assertThat(item.text()).isEqualTo("Dear team, the report is attached.\n\nBye.");
        assertThat(record.key()).isEqualTo(item.itemId()).hasSize(32);
        assertThat(item.fingerprints().contentSha256()).hasSize(64);
        assertThat(item.fingerprints().similarityHash()).hasSize(16);
        assertThat(item.lineage().topic()).isEqualTo(CleaningTopology.INPUT_TOPIC);
        assertThat(item.lineage().offset()).isZero();
        assertThat(item.lineage().sourceId()).isEqualTo("test-source");
        assertThat(item.language()).isEqualTo("en");
        assertThat(EventSchemas.validate(EventType.CLEAN_ITEM, CleanItem.VERSION, Json.MAPPER.valueToTree(item)))
                .isEmpty();
    }

    @Test
    void shouldGiveEqualContentTheSameIdWhateverItsWhitespaceAndUnicodeForm() {
        send(plain("Caf\u00e9 menu: soup, bread and cheese for everyone today"));
        send(plain("Cafe\u0301  menu:   soup, bread and cheese for everyone today "));

        final CleanItem first = clean.readValue();
        final DuplicateItem repeat = duplicates.readValue();
        assertThat(repeat.match()).isEqualTo(DuplicateItem.Match.exact);
        assertThat(repeat.distance()).isZero();
        assertThat(repeat.canonicalItemId()).isEqualTo(first.itemId());
        assertThat(repeat.lineage().offset()).isEqualTo(1);
        assertThat(clean.isEmpty()).isTrue();
    }

    @Test
    void shouldKeyDuplicatesByTheirCanonicalItem() {
        send(plain(LETTER));
        send(plain(LETTER));

        final String canonical = clean.readValue().itemId();
        assertThat(duplicates.readRecord().key()).isEqualTo(canonical);
    }

    @Test
    void shouldRouteANearRepeatToDuplicatesWithItsDistance() {
        send(plain(LETTER));
        send(plain(LETTER.replace("Thursday", "Friday")));

        final CleanItem canonical = clean.readValue();
        final DuplicateItem near = duplicates.readValue();
        assertThat(near.match()).isEqualTo(DuplicateItem.Match.near);
        assertThat(near.canonicalItemId()).isEqualTo(canonical.itemId());
        assertThat(near.itemId()).isNotEqualTo(canonical.itemId());
        assertThat(near.distance()).isBetween(1, 3);
    }

    @Test
    void shouldKeepDifferentTextsApart() {
        send(plain(LETTER));
        send(plain("The garden needs water every morning in summer, and the roses want pruning in early spring "
                + "before the new shoots appear; tomatoes like sun and a sheltered wall."));

        assertThat(clean.readValuesToList()).hasSize(2);
        assertThat(duplicates.isEmpty()).isTrue();
    }

    @Test
    void shouldForgetItemsOnceTheRetentionHasPassed() {
        driver.close();
        final CleaningSettings defaults = CleaningSettings.defaults(Clock.fixed(START, ZoneOffset.UTC));
        driver = driver(new CleaningSettings(defaults.limits(), defaults.maxOutputBytes(), 3, 4,
                Duration.ofDays(1), Duration.ofHours(1), defaults.clock()));
        putProject(TestProjects.spam());

        raw.pipeInput(new TestRecord<>((String) null, plain(LETTER), START));
        raw.pipeInput(new TestRecord<>((String) null, plain(LETTER), START.plus(Duration.ofHours(23))));
        raw.pipeInput(new TestRecord<>((String) null, plain(LETTER), START.plus(Duration.ofDays(3))));

        assertThat(clean.readValuesToList()).hasSize(2);
        assertThat(duplicates.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldTurnHtmlIntoTextWithoutScriptsOrStyles() {
        send(RawItems.text(TestProjects.SPAM, "text/html", "<html><head><title>t</title>"
                + "<style>body { color: red }</style><script>alert('owned')</script></head>"
                + "<body><h1>Big   sale</h1><p>Everything must go,\n today only.<br>Visit our shop.</p>"
                + "<script>track()</script><noscript>enable js</noscript></body></html>"));

        final String text = clean.readValue().text();
        assertThat(text).isEqualTo("Big sale\n\nEverything must go, today only.\nVisit our shop.");
    }

    @Test
    void shouldReadSubjectAndBodyOfAMultipartMailWithQuotedPrintableBase64AndCharsets() {
        final String mail = "From: alice@example.com\r\n"
                + "Subject: =?ISO-8859-1?Q?R=E9union_demain?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\n"
                + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
                + "--inner\r\n"
                + "Content-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Nous nous r=E9unissons demain =E0 dix heures dans la grande salle de r=E9union.\r\n"
                + "--inner\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p>HTML version that is not read</p>\r\n"
                + "--inner--\r\n"
                + "--outer\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("Pi\u00e8ce jointe : l'ordre du jour.".getBytes(
                        StandardCharsets.UTF_8)) + "\r\n"
                + "--outer\r\n"
                + "Content-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=agenda.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + "JVBERi0xLjQK\r\n"
                + "--outer--\r\n";
        driver.close();
        driver = driver(CleaningSettings.defaults(Clock.fixed(START, ZoneOffset.UTC)));
        putProject(TestProjects.text("mail", null));

        send(RawItems.text("mail", "message/rfc822", mail));

        assertThat(clean.readValue().text()).isEqualTo("R\u00e9union demain\n\n"
                + "Nous nous r\u00e9unissons demain \u00e0 dix heures dans la grande salle de r\u00e9union.\n\n"
                + "Pi\u00e8ce jointe : l'ordre du jour.");
    }

    @Test
    void shouldConvertAnImageToTheProjectSizeAndChannelsAsPng() throws Exception {
        send(RawItems.image(TestProjects.FASHION, "image/jpeg",
                ImageBytes.encode(TestImages.picture(200, 150, 1), "jpg")));

        final CleanItem item = clean.readValue();
        assertThat(item.kind()).isEqualTo(ItemKind.image);
        assertThat(item.width()).isEqualTo(28);
        assertThat(item.height()).isEqualTo(28);
        assertThat(item.channels()).isEqualTo(1);
        final BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(item.imagePng())));
        assertThat(png.getWidth()).isEqualTo(28);
        assertThat(png.getRaster().getNumBands()).isEqualTo(1);
    }

    @Test
    void shouldFindTheSameImageInAnotherFormatAndSizeAsANearDuplicate() {
        send(RawItems.image(TestProjects.FASHION, "image/png", ImageBytes.encode(TestImages.picture(120, 120, 2), "png")));
        send(RawItems.image(TestProjects.FASHION, "image/gif", ImageBytes.encode(TestImages.picture(90, 90, 2), "gif")));
        send(RawItems.image(TestProjects.FASHION, "image/bmp", ImageBytes.encode(TestImages.picture(120, 120, 4), "bmp")));

        final List<CleanItem> cleaned = clean.readValuesToList();
        final List<DuplicateItem> repeated = duplicates.readValuesToList();
        assertThat(cleaned).hasSize(2);
        assertThat(repeated).hasSize(1);
        assertThat(repeated.get(0).canonicalItemId()).isEqualTo(cleaned.get(0).itemId());
        assertThat(repeated.get(0).match()).isIn(DuplicateItem.Match.near, DuplicateItem.Match.exact);
    }

    @Test
    void shouldAcceptARecordWithoutKey() {
        raw.pipeInput(new TestRecord<>((String) null, plain(LETTER), START));

        assertThat(clean.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldRejectNotJson() {
        final Rejection rejection = rejectionOf(utf8("this is { not json"));
        assertThat(rejection.reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection.rawValuePreview()).isEqualTo("this is { not json");
        assertThat(rejection.raw().topic()).isEqualTo(CleaningTopology.INPUT_TOPIC);
        assertRejected(utf8(""), RejectReason.NOT_JSON);
        assertRejected(utf8("{\"schemaVersion\":1} trailing"), RejectReason.NOT_JSON);
    }

    @Test
    void shouldRejectJsonOfTheWrongShape() {
        assertRejected(utf8("[1,2,3]"), RejectReason.INVALID_SHAPE);
        assertRejected(utf8("\"just a string\""), RejectReason.INVALID_SHAPE);
        assertRejected(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\",\"kind\":\"text\","
                + "\"contentType\":\"text/plain\",\"content\":42}"), RejectReason.INVALID_SHAPE);
    }

    @Test
    void shouldRejectMissingAndExtraFields() {
        final Rejection missing = rejectionOf(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"kind\":\"text\","
                + "\"contentType\":\"text/plain\",\"content\":\"hello there\"}"));
        assertThat(missing.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(missing.detail()).contains("sourceId");
        final Rejection extra = rejectionOf(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\","
                + "\"kind\":\"text\",\"contentType\":\"text/plain\",\"content\":\"hello there\",\"colour\":\"red\"}"));
        assertThat(extra.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(extra.detail()).contains("colour");
    }

    @Test
    void shouldRejectACreatedAtThatIsNoDateTimeAsInvalidShapeNotAsAProcessingError() {
        final Rejection rejection = rejectionOf(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\","
                + "\"kind\":\"text\",\"contentType\":\"text/plain\",\"content\":\"hello there\","
                + "\"createdAt\":\"yesterday at noon\"}"));
        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(rejection.detail()).contains("createdAt", "yesterday at noon", "RFC 3339");
    }

    @Test
    void shouldRejectASourceItemIdWithControlCharactersAsInvalidShapeNotAsAKey() {
        final Rejection rejection = rejectionOf(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\","
                + "\"sourceItemId\":\"msg-1\\u001b[2J\\r\\nmsg-2\",\"kind\":\"text\",\"contentType\":\"text/plain\","
                + "\"content\":\"hello there\"}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(rejection.detail()).contains("sourceItemId", "U+001B");
    }

    @Test
    void shouldRejectANullValue() {
        raw.pipeInput(new TestRecord<>("key-without-value", null, START));
        final TestRecord<String, Rejection> record = rejected.readRecord();
        assertThat(record.value().reason()).isEqualTo(RejectReason.NULL_VALUE);
        assertThat(record.key()).isEqualTo("key-without-value");
    }

    @Test
    void shouldRejectAnUnknownProject() {
        final Rejection rejection = rejectionOf(RawItems.text("spma", "text/plain", LETTER));
        assertThat(rejection.reason()).isEqualTo(RejectReason.UNKNOWN_PROJECT);
        assertThat(rejection.project()).isEqualTo("spma");
    }

    @Test
    void shouldRejectItemsOfAProjectOnceItIsDeleted() {
        projects.pipeInput(TestProjects.SPAM, null, START);
        assertRejected(plain(LETTER), RejectReason.UNKNOWN_PROJECT);
    }

    @Test
    void shouldRejectAnUnsupportedSchemaVersion() {
        assertRejected(RawItems.json(new RawItem(2, "spam", "s", null, ItemKind.text, "text/plain", LETTER, null,
                null)), RejectReason.UNSUPPORTED_SCHEMA_VERSION);
    }

    @Test
    void shouldRejectTheWrongKind() {
        assertRejected(RawItems.image(TestProjects.SPAM, "image/png", ImageBytes.encode(TestImages.picture(10, 10, 1),
                "png")), RejectReason.WRONG_KIND);
        assertRejected(RawItems.json(new RawItem(1, "spam", "s", null, ItemKind.text, "image/png", LETTER, null,
                null)), RejectReason.WRONG_KIND);
    }

    @Test
    void shouldRejectInvalidUtf8() {
        final byte[] value = plain("caf\u00e9 au lait for the whole office");
        final byte[] broken = new byte[value.length + 2];
        System.arraycopy(value, 0, broken, 0, value.length);
        broken[value.length] = (byte) 0xC3;
        broken[value.length + 1] = (byte) 0x28;
        assertRejected(broken, RejectReason.INVALID_ENCODING);
        assertRejected(utf8("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\",\"kind\":\"text\","
                + "\"contentType\":\"text/plain\",\"content\":\"half a pair \\ud800 of surrogates\"}"),
                RejectReason.INVALID_ENCODING);
    }

    @Test
    void shouldRejectAByteOrderMarkOtherEncodingsThanUtf8AndFieldsNamedTwiceAsEveryEntryPointDoes() {
        for (final MisencodedBodies.Case bad : MisencodedBodies.around(
                new String(plain(LETTER), StandardCharsets.UTF_8), "project")) {
            assertThat(rejectionOf(bad.body()).reason().name()).as(bad.name()).isEqualTo(bad.reason());
        }
    }

    @Test
    void shouldRejectTextThatIsEmptyAfterNormalization() {
        assertRejected(plain(" \t\r\n\u0000\u200b "), RejectReason.EMPTY_TEXT);
        assertRejected(RawItems.text(TestProjects.SPAM, "text/html", "<script>var only = 'code';</script><style>p{}</style>"),
                RejectReason.EMPTY_TEXT);
    }

    @Test
    void shouldRejectTextShorterOrLongerThanTheProjectAllows() {
        assertRejected(plain("hi"), RejectReason.TEXT_TOO_SHORT);
        assertRejected(plain("word ".repeat(2_000)), RejectReason.TEXT_TOO_LONG);
    }

    @Test
    void shouldRejectAMailWhosePartDeclaresUtf8ButIsNotAndStillReadSloppyDeclarationsOfSingleByteCharsets() {
        final byte[] latin1 = "Caf\u00e9 cr\u00e8me for the whole office, every morning.".getBytes(
                StandardCharsets.ISO_8859_1);
        final String header = "From: a@example.com\r\nSubject: coffee\r\nMIME-Version: 1.0\r\n"
                + "Content-Transfer-Encoding: base64\r\n";

        final Rejection rejection = rejectionOf(RawItems.text(TestProjects.SPAM, "message/rfc822", header
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + Base64.getEncoder().encodeToString(latin1)
                + "\r\n"));
        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_ENCODING);
        assertThat(rejection.detail()).contains("UTF-8");

        send(RawItems.text(TestProjects.SPAM, "message/rfc822", header
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + Base64.getEncoder().encodeToString(latin1)
                + "\r\n"));
        assertThat(clean.readValue().text()).contains("Caf\u00e9 cr\u00e8me");
    }

    @Test
    void shouldRejectAMailWithBrokenMime() {
        final Rejection rejection = rejectionOf(RawItems.text(TestProjects.SPAM, "message/rfc822",
                "From: a@example.com\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                        + "no boundary ever starts here\r\n"));
        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_EMAIL);
        assertRejected(RawItems.text(TestProjects.SPAM, "message/rfc822",
                "From: a@example.com\r\nSubject: bad base64\r\nContent-Type: text/plain\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n%%%% not base64 @@@@\r\n"),
                RejectReason.MALFORMED_EMAIL);
    }

    @Test
    void shouldRejectInvalidBase64() {
        assertRejected(RawItems.json(new RawItem(1, "fashion", "s", null, ItemKind.image, "image/png",
                "not*base64!", null, null)), RejectReason.INVALID_BASE64);
    }

    @Test
    void shouldRejectBytesThatAreNoImage() {
        assertRejected(RawItems.image(TestProjects.FASHION, "image/png", utf8("plain text, not pixels")),
                RejectReason.UNDECODABLE_IMAGE);
        final byte[] truncated = ImageBytes.encode(TestImages.picture(64, 64, 3), "png");
        assertRejected(RawItems.image(TestProjects.FASHION, "image/png",
                Arrays.copyOf(truncated, truncated.length / 2)), RejectReason.UNDECODABLE_IMAGE);
    }

    @Test
    void shouldRefuseADecompressionBombByItsDeclaredDimensions() {
        final Rejection rejection = rejectionOf(RawItems.image(TestProjects.FASHION, "image/png",
                ImageBytes.pngDeclaring(100_000, 100_000)));
        assertThat(rejection.reason()).isEqualTo(RejectReason.IMAGE_TOO_LARGE);
        assertThat(rejection.detail()).contains("100000x100000");
    }

    @Test
    void shouldRejectTextInALanguageOutsideTheAllowList() {
        final Rejection rejection = rejectionOf(plain("Sehr geehrte Damen und Herren, wir freuen uns, Ihnen "
                + "mitteilen zu k\u00f6nnen, dass Ihre Bestellung heute versandt wurde und morgen ankommt."));
        assertThat(rejection.reason()).isEqualTo(RejectReason.LANGUAGE_NOT_ALLOWED);
        assertThat(rejection.detail()).contains("'de'");
    }

    @Test
    void shouldRejectTextMatchingADenyRule() {
        assertRejected(plain("Please send the fee by Wire Transfer to the account below, today."),
                RejectReason.DENIED_BY_RULE);
    }

    @Test
    void shouldRejectARawRecordAboveTheAcceptedSize() {
        final byte[] value = new byte[CleaningSettings.DEFAULT_MAX_RECORD_BYTES + 1];
        Arrays.fill(value, (byte) 'x');
        final Rejection rejection = rejectionOf(value);
        assertThat(rejection.reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(rejection.rawValuePreview()).hasSize(Rejection.PREVIEW_CHARS);
    }

    @Test
    void shouldRejectARecordAtTheBrokerSizeLimitWhoseCleanItemWouldNotFit() {
        putProject(TestProjects.text("long", null));
        final byte[] envelope = RawItems.text("long", "text/plain", "");
        final String text = "abc ".repeat((CleaningSettings.DEFAULT_MAX_RECORD_BYTES - envelope.length) / 4);

        final Rejection rejection = rejectionOf(RawItems.text("long", "text/plain", text));
        assertThat(rejection.reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(rejection.detail()).contains("clean item");
    }

    @Test
    void shouldRejectWithAProcessingErrorAndKeepRunningWhenAProjectIsBroken() {
        projects.pipeInput("broken", utf8("{\"schemaVersion\":1,\"id\":\"broken\",\"name\":\"b\",\"kind\":\"text\","
                + "\"filters\":{\"denyPatterns\":[null]}}"), START);

        final Rejection rejection = rejectionOf(RawItems.text("broken", "text/plain", LETTER));
        assertThat(rejection.reason()).isEqualTo(RejectReason.PROCESSING_ERROR);
        send(plain(LETTER));
        assertThat(clean.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldKeepRunningAfterAProjectRecordThatIsNotJson() {
        projects.pipeInput("garbage", utf8("not a project"), START);
        send(plain(LETTER));
        assertThat(clean.readValuesToList()).hasSize(1);
        assertThat(sideChannel).isEmpty();
    }

    @Test
    void shouldAccountForEveryRecordExactlyOnceThroughAMixOfGoodAndBadInput() {
        final List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            inputs.add(plain(LETTER + " Item " + i + " of a long series about " + "topic".repeat(i % 3 + 1) + i));
            inputs.add(plain(LETTER));
            inputs.add(utf8("garbage " + i));
            inputs.add(null);
        }
        inputs.forEach(this::send);

        final Map<String, Long> outcomes = Map.of(
                "clean", (long) clean.getQueueSize(),
                "duplicates", (long) duplicates.getQueueSize(),
                "rejected", (long) rejected.getQueueSize());
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(inputs.size());
        final List<Long> offsets = new ArrayList<>();
        clean.readValuesToList().forEach(item -> offsets.add(item.lineage().offset()));
        duplicates.readValuesToList().forEach(item -> offsets.add(item.lineage().offset()));
        rejected.readValuesToList().forEach(item -> offsets.add(item.raw().offset()));
        assertThat(offsets).doesNotHaveDuplicates().hasSize(inputs.size());
    }
}
