package io.labelstream.cleaning;

/**
 * Platform-wide bounds that hold whatever a project says: the largest raw value read, the longest text kept, the
 * most MIME parts a message may have, the largest image decoded, and how much text language detection reads.
 */
public record CleaningLimits(int maxRecordBytes, int maxTextChars, int maxMailParts, ImageLimits image,
        int languageSampleChars) {
}
