package io.labelstream.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.labelstream.schemas.Service;
import io.labelstream.schemas.TopicSpec;
import io.labelstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChartTest {

    private static final Path CHART = Path.of("labelstream");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void chartLintsCleanWithItsDefaultsAndAPassword() {
        final LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void everyServiceIsADeploymentWithHealthProbesAndTheRestrictedSecurityProfile() throws IOException {
        final List<JsonNode> deployments = ofKind(render(t -> t), "Deployment");

        assertThat(deployments).extracting(d -> d.at("/metadata/labels/app.kubernetes.io~1component").asText())
                .containsExactlyInAnyOrder("ingest", "inference", "labeling", "trainer");
        for (final JsonNode deployment : deployments) {
            final JsonNode pod = deployment.at("/spec/template/spec");
            final JsonNode container = pod.at("/containers/0");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(env(container)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "labelstream-kafka-bootstrap:9092");
        }
    }

    @Test
    void labelingFindsInferenceForTheDashboardsLiveAccuracy() throws IOException {
        final String manifests = render(t -> t);
        final JsonNode inference = ofKind(manifests, "Service").stream()
                .filter(service -> "inference".equals(service.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .findFirst().orElseThrow();
        final String url = "http://" + inference.at("/metadata/name").asText() + ":"
                + inference.at("/spec/ports/0/port").asInt();
        for (final JsonNode deployment : ofKind(manifests, "Deployment")) {
            final JsonNode container = deployment.at("/spec/template/spec/containers/0");
            if ("labeling".equals(container.get("name").asText())) {
                assertThat(env(container)).containsEntry("LABELSTREAM_INFERENCE_URL", url);
            } else {
                assertThat(env(container)).doesNotContainKey("LABELSTREAM_INFERENCE_URL");
            }
        }
    }

    @Test
    void trainerAndInferenceShareTheModelStoreAndUnpackLibtorchUnderTmp() throws IOException {
        for (final JsonNode deployment : ofKind(render(t -> t), "Deployment")) {
            final JsonNode container = deployment.at("/spec/template/spec/containers/0");
            final boolean runsModels = Set.of("trainer", "inference").contains(container.get("name").asText());
            assertThat(env(container).containsKey("LABELSTREAM_MODEL_STORE")).isEqualTo(runsModels);
            if (runsModels) {
                assertThat(env(container)).containsEntry("LABELSTREAM_MODEL_STORE", "/models")
                        .containsEntry("DJL_CACHE_DIR", "/tmp/djl");
                assertThat(container.at("/volumeMounts/1/readOnly").asBoolean())
                        .isEqualTo(!"trainer".equals(container.get("name").asText()));
            }
        }
    }

    @Test
    void everyTopicOfTheCatalogueIsAKafkaTopicWithItsPartitionsAndConfig() throws IOException {
        final List<JsonNode> topics = ofKind(render(t -> t), "KafkaTopic");

        assertThat(topics).extracting(t -> t.at("/spec/topicName").asText())
                .containsExactlyInAnyOrderElementsOf(Topics.catalogue().stream().map(TopicSpec::name).toList());
        for (final JsonNode topic : topics) {
            final TopicSpec spec = Topics.spec(topic.at("/spec/topicName").asText());
            assertThat(topic.at("/spec/partitions").asInt()).isEqualTo(spec.partitions());
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("labelstream");
            spec.config().forEach((key, value) ->
                    assertThat(topic.at("/spec/config").get(key).asText()).isEqualTo(value));
        }
    }

    @Test
    void onlyTheTrainerAsksForAGpuAndOnlyWhenEnabled() throws IOException {
        assertThat(render(t -> t)).doesNotContain("nvidia.com/gpu:");

        final List<JsonNode> deployments = ofKind(render(t -> t.set("trainer.gpu.enabled", true)), "Deployment");
        for (final JsonNode deployment : deployments) {
            final JsonNode container = deployment.at("/spec/template/spec/containers/0");
            final boolean isTrainer = "trainer".equals(container.get("name").asText());
            assertThat(container.at("/resources/limits").has("nvidia.com/gpu")).isEqualTo(isTrainer);
            if (isTrainer) {
                assertThat(env(container)).containsEntry("PYTORCH_FLAVOR", "cu128");
                assertThat(deployment.at("/spec/template/spec/tolerations/0/key").asText()).isEqualTo("nvidia.com/gpu");
            }
        }
    }

    @Test
    void longReleaseNamesAreCutToValidNames() throws IOException {
        final String release = "releas" + "-long".repeat(9) + "-x";
        for (final JsonNode doc : documents(render(t -> t.withName(release)))) {
            assertThat(doc.at("/metadata/name").asText()).hasSizeLessThanOrEqualTo(63).doesNotEndWith("-");
        }
    }

    @Test
    void anExternalKafkaWithoutBootstrapServersIsRefusedClearly() {
        assertThatThrownBy(() -> render(t -> t.set("kafka.strimzi.createCluster", false)))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void valuesThatBreakTheSchemaAreRefused() {
        assertThatThrownBy(() -> render(t -> t.set("services.ingest.replicas", -1)))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(t -> t.set("postgresql.jdbcUrl", "mysql://db")))
                .hasMessageContaining("jdbcUrl");
    }

    @Test
    void aMissingDatabasePasswordIsRefusedUnlessASecretIsNamed() throws IOException {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("ls").call())
                .hasMessageContaining("postgresql.password");
        assertThat(ofKind(new Helm(CHART).template().withName("ls")
                .set("postgresql.existingSecret", "db-credentials")
                .set("trainer.adminToken.existingSecret", "trainer-admin").call(), "Secret")).isEmpty();
    }

    @Test
    void onlyTheTrainerGetsTheAdminTokenAndOnlyFromASecret() throws IOException {
        final String yaml = render(t -> t);
        for (final JsonNode deployment : ofKind(yaml, "Deployment")) {
            final JsonNode container = deployment.at("/spec/template/spec/containers/0");
            final JsonNode token = envEntry(container, "LABELSTREAM_TRAINER_ADMIN_TOKEN");
            if ("trainer".equals(container.get("name").asText())) {
                assertThat(token.has("value")).isFalse();
                assertThat(token.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("ls-labelstream-trainer-admin");
                assertThat(token.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("admin-token");
            } else {
                assertThat(token.isMissingNode()).as(container.get("name").asText()).isTrue();
            }
        }
        assertThat(ofKind(yaml, "Secret")).filteredOn(s -> s.at("/metadata/name").asText().endsWith("trainer-admin"))
                .singleElement()
                .satisfies(s -> assertThat(s.at("/stringData/admin-token").asText()).isEqualTo("t0ken"));

        final JsonNode named = ofKind(render(t -> t.set("trainer.adminToken.existingSecret", "ops-trainer")),
                "Deployment").stream().filter(d -> d.at("/metadata/labels/app.kubernetes.io~1component").asText()
                        .equals("trainer")).findFirst().orElseThrow();
        assertThat(envEntry(named.at("/spec/template/spec/containers/0"), "LABELSTREAM_TRAINER_ADMIN_TOKEN")
                .at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("ops-trainer");
    }

    @Test
    void aMissingTrainerAdminTokenIsRefusedUnlessASecretIsNamed() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("ls").set("postgresql.password", "s3cret")
                .call()).hasMessageContaining("trainer.adminToken.value");
    }

    @Test
    void withKafkaAuthenticationEveryServiceHasAUserWithTheAclsOfItsTopicsInTheCatalogueAndUsesItsCredentials()
            throws IOException {
        final String manifests = render(t -> t.set("kafka.authentication.enabled", true));

        final JsonNode kafka = ofKind(manifests, "Kafka").get(0);
        assertThat(kafka.at("/spec/kafka/listeners/0/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).isTrue();
        final Map<String, JsonNode> users = new HashMap<>();
        ofKind(manifests, "KafkaUser").forEach(user ->
                users.put(user.at("/metadata/labels/app.kubernetes.io~1component").asText(), user));
        assertThat(users).containsOnlyKeys("ingest", "inference", "labeling", "trainer");
        for (final Service service : Service.values()) {
            final JsonNode user = users.get(service.id());
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            final List<String> acls = new ArrayList<>();
            user.at("/spec/authorization/acls").forEach(acl -> acls.add(acl.at("/resource/type").asText() + " "
                    + acl.at("/resource/name").asText() + " " + acl.at("/resource/patternType").asText() + " "
                    + acl.get("operations")));
            final List<String> expected = new ArrayList<>();
            for (final TopicSpec topic : Topics.catalogue()) {
                if (topic.writers().contains(service)) {
                    expected.add("topic " + topic.name() + " literal [\"Write\",\"Describe\"]");
                }
                if (topic.readers().contains(service)) {
                    expected.add("topic " + topic.name() + " literal [\"Read\",\"Describe\"]");
                }
            }
            final String prefix = "labelstream-" + service.id();
            expected.add("group " + prefix + " prefix [\"Read\",\"Describe\"]");
            expected.add("transactionalId " + prefix + " prefix [\"Write\",\"Describe\"]");
            expected.add("topic " + prefix + " prefix [\"All\"]");
            assertThat(acls).as(service.id()).containsExactlyInAnyOrderElementsOf(expected);
        }
        for (final JsonNode deployment : ofKind(manifests, "Deployment")) {
            final JsonNode container = deployment.at("/spec/template/spec/containers/0");
            final String userName = users.get(container.get("name").asText()).at("/metadata/name").asText();
            for (final String prefix : List.of("KAFKA", "QUARKUS_KAFKA_STREAMS")) {
                assertThat(env(container)).containsEntry(prefix + "_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                        .containsEntry(prefix + "_SASL_MECHANISM", "SCRAM-SHA-512");
                assertThat(envEntry(container, prefix + "_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name")
                        .asText()).isEqualTo(userName);
            }
        }
    }

    @Test
    void withoutKafkaAuthenticationThereAreNoUsersAndNoCredentials() throws IOException {
        final String manifests = render(t -> t);

        assertThat(ofKind(manifests, "KafkaUser")).isEmpty();
        assertThat(manifests).doesNotContain("SASL", "authorization:");
        assertThatThrownBy(() -> render(t -> t.set("kafka.authentication.enabled", true)
                .set("kafka.strimzi.createCluster", false).set("kafka.bootstrapServers", "kafka:9092")))
                .hasMessageContaining("kafka.authentication.enabled needs kafka.strimzi.createCluster");
    }

    private static String render(final UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(CHART).template().withName("ls").set("postgresql.password", "s3cret")
                .set("trainer.adminToken.value", "t0ken")).call();
    }

    private static List<JsonNode> ofKind(final String yaml, final String kind) throws IOException {
        return documents(yaml).stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
    }

    private static List<JsonNode> documents(final String yaml) throws IOException {
        final List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                final JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static JsonNode envEntry(final JsonNode container, final String name) {
        for (final JsonNode entry : container.get("env")) {
            if (name.equals(entry.get("name").asText())) {
                return entry;
            }
        }
        return MissingNode.getInstance();
    }

    private static Map<String, String> env(final JsonNode container) {
        final Map<String, String> env = new HashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        return env;
    }
}
