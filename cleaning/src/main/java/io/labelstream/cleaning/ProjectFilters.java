package io.labelstream.cleaning;

import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A project's relevance filters on normalized text: length bounds, a language allow-list and deny rules. A deny
 * rule is a regular expression; one that does not compile is taken as a literal keyword, so that a typo in a
 * project never stops ingest.
 */
public final class ProjectFilters {

    private final LanguageIdentifier languages;
    private final Map<String, Pattern> denyRules = new ConcurrentHashMap<>();

    public ProjectFilters(final LanguageIdentifier languages) {
        this.languages = languages;
    }

    /** Applies the filters and returns the detected language, when the project asked for one. */
    public Optional<String> apply(final Project.Filters filters, final String text) {
        if (filters == null) {
            return Optional.empty();
        }
        final int length = text.codePointCount(0, text.length());
        if (filters.minLength() != null && length < filters.minLength()) {
            throw new ItemRejectedException(RejectReason.TEXT_TOO_SHORT, "The text has " + length
                    + " characters; the project wants at least " + filters.minLength() + ".");
        }
        if (filters.maxLength() != null && length > filters.maxLength()) {
            throw new ItemRejectedException(RejectReason.TEXT_TOO_LONG, "The text has " + length
                    + " characters; the project accepts at most " + filters.maxLength() + ".");
        }
        final Optional<String> language = checkLanguage(filters.languages(), text);
        checkDenyRules(filters.denyPatterns(), text);
        return language;
    }

    /** A text too short to tell its language passes: the allow-list keeps out what is known to be foreign. */
    private Optional<String> checkLanguage(final List<String> allowed, final String text) {
        if (allowed == null || allowed.isEmpty()) {
            return Optional.empty();
        }
        final Optional<String> language = languages.detect(text);
        if (language.isPresent() && !allowed.contains(language.get())) {
            throw new ItemRejectedException(RejectReason.LANGUAGE_NOT_ALLOWED,
                    "The text is in '" + language.get() + "'; the project accepts " + allowed + ".");
        }
        return language;
    }

    private void checkDenyRules(final List<String> rules, final String text) {
        if (rules == null) {
            return;
        }
        for (final String rule : rules) {
            if (denyRules.computeIfAbsent(rule, ProjectFilters::compile).matcher(text).find()) {
                throw new ItemRejectedException(RejectReason.DENIED_BY_RULE,
                        "The text matches the deny rule '" + rule + "'.");
            }
        }
    }

    private static Pattern compile(final String rule) {
        try {
            return Pattern.compile(rule);
        } catch (final PatternSyntaxException e) {
            return Pattern.compile(Pattern.quote(rule));
        }
    }
}
