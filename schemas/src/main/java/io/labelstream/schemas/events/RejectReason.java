package io.labelstream.schemas.events;

/** The fixed list of reasons a raw item is rejected; docs/topics.md documents each. */
public enum RejectReason {
    NOT_JSON("The value is not a JSON document."),
    INVALID_SHAPE("The JSON does not match the raw-item schema (missing, extra or mistyped fields)."),
    NULL_VALUE("The record has no value."),
    UNKNOWN_PROJECT("The project is not defined."),
    UNSUPPORTED_SCHEMA_VERSION("The schemaVersion is not one this platform reads."),
    WRONG_KIND("The item kind or content type does not fit the project."),
    INVALID_ENCODING("The text is not valid in its declared charset (e.g. invalid UTF-8)."),
    EMPTY_TEXT("Nothing readable is left after normalization."),
    TEXT_TOO_SHORT("The normalized text is shorter than the project's minimum."),
    TEXT_TOO_LONG("The text is longer than the project's maximum."),
    MALFORMED_EMAIL("The RFC-822 message or its MIME structure cannot be parsed."),
    INVALID_BASE64("The image content is not valid base64."),
    UNDECODABLE_IMAGE("The bytes are not a PNG, JPEG, GIF or BMP image."),
    IMAGE_TOO_LARGE("The image's byte size or declared dimensions exceed the limits."),
    LANGUAGE_NOT_ALLOWED("The detected language is not in the project's allow-list."),
    DENIED_BY_RULE("The content matches one of the project's deny rules."),
    RECORD_TOO_LARGE("The record exceeds the accepted size."),
    PROCESSING_ERROR("An unexpected error occurred while processing the record.");

    private final String description;

    RejectReason(final String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
