package io.labelstream.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The layering every service keeps, checked with ArchUnit on the service's own classes, the way Kafka checks its
 * packages with import control:
 * <ul>
 * <li>no cycles between the service's packages;</li>
 * <li>{@code rest} is the top: nothing else in the service depends on it, so domain and service code throw plain
 * exceptions that the REST layer maps to problems once;</li>
 * <li>{@code domain} holds rules and values, and depends on no layer that runs them ({@code service},
 * {@code streams}, {@code kafka}, {@code health}, {@code rest});</li>
 * <li>{@code config} is read by everything and reads nothing of the service but {@code domain}.</li>
 * </ul>
 * A service's {@code ArchitectureTest} runs them as one test each: {@code ServiceArchitecture.tests(its package)}.
 */
public final class ServiceArchitecture {

    private static final List<String> RUNNING_LAYERS = List.of("service", "streams", "kafka", "health", "rest");

    private ServiceArchitecture() {
    }

    /** One test per rule, on the main classes of the service whose root package is {@code base}. */
    public static Stream<DynamicTest> tests(final String base) {
        final JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(base);
        return rules(base).stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }

    static List<ArchRule> rules(final String base) {
        return List.of(
                slices().matching(base + ".(*)..").should().beFreeOfCycles(),
                noClasses().that().resideOutsideOfPackage(base + ".rest..")
                        .should().dependOnClassesThat().resideInAPackage(base + ".rest.."),
                noClasses().that().resideInAPackage(base + ".domain..")
                        .should().dependOnClassesThat().resideInAnyPackage(layers(base, RUNNING_LAYERS))
                        .allowEmptyShould(true),
                noClasses().that().resideInAPackage(base + ".config..")
                        .should().dependOnClassesThat().resideInAnyPackage(layers(base, RUNNING_LAYERS))
                        .allowEmptyShould(true));
    }

    private static String[] layers(final String base, final List<String> names) {
        return names.stream().map(name -> base + "." + name + "..").toArray(String[]::new);
    }
}
