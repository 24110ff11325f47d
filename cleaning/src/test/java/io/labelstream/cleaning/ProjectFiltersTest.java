package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RejectReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectFiltersTest {

    private final ProjectFilters filters = new ProjectFilters(new LanguageIdentifier(400));

    private RejectReason reasonFor(final Project.Filters projectFilters, final String text) {
        return catchThrowableOfType(ItemRejectedException.class, () -> filters.apply(projectFilters, text)).reason();
    }

    @Test
    void shouldCountLengthInCharactersNotUtf16Units() {
        final Project.Filters atMostThree = new Project.Filters(null, 3, null, null);

        assertThat(filters.apply(atMostThree, "😀😀😀")).isEmpty();
        assertThat(reasonFor(atMostThree, "abcd")).isEqualTo(RejectReason.TEXT_TOO_LONG);
        assertThat(reasonFor(new Project.Filters(2, null, null, null), "😀")).isEqualTo(RejectReason.TEXT_TOO_SHORT);
    }

    @Test
    void shouldDetectTheLanguageOnlyForAProjectWithAnAllowList() {
        final String german = "Bitte senden Sie mir die Unterlagen bis Freitag zurück, damit wir den Vertrag prüfen.";

        assertThat(filters.apply(new Project.Filters(null, null, null, null), german)).isEmpty();
        assertThat(filters.apply(new Project.Filters(null, null, List.of("de"), null), german)).contains("de");
        assertThat(reasonFor(new Project.Filters(null, null, List.of("en"), null), german))
                .isEqualTo(RejectReason.LANGUAGE_NOT_ALLOWED);
        // too short to tell: passes
        assertThat(filters.apply(new Project.Filters(null, null, List.of("en"), null), "ok")).isEmpty();
    }

    @Test
    void shouldApplyDenyRulesAsRegularExpressionsAndABrokenOneAsAKeyword() {
        final Project.Filters rules = new Project.Filters(null, null, null, List.of("(?i)wire\\s+transfer", "[free"));

        assertThat(reasonFor(rules, "Please WIRE  transfer the money")).isEqualTo(RejectReason.DENIED_BY_RULE);
        assertThat(reasonFor(rules, "get it [free now")).isEqualTo(RejectReason.DENIED_BY_RULE);
        assertThat(filters.apply(rules, "free of charge, no transfer")).isEmpty();
        assertThat(filters.apply(null, "anything")).isEmpty();
    }
}
