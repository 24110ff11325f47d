package io.labelstream.trainer.rest;

import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.domain.DatasetVersion;
import io.labelstream.trainer.domain.ModelVersion;
import io.labelstream.trainer.domain.TrainingRun;
import io.labelstream.trainer.rest.Views.ChangeRequest;
import io.labelstream.trainer.rest.Views.DatasetView;
import io.labelstream.trainer.rest.Views.ModelDetail;
import io.labelstream.trainer.rest.Views.ModelSummary;
import io.labelstream.trainer.rest.Views.RunView;
import io.labelstream.trainer.service.DatasetExporter;
import io.labelstream.trainer.service.DatasetService;
import io.labelstream.trainer.service.RegistryService;
import io.labelstream.trainer.service.TrainingScheduler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Arrays;
import java.util.List;

/**
 * The trainer's admin API: runs, dataset versions and exports, the model registry, promotion and rollback. Whatever
 * changes state or hands out labeled content is {@link AdminOnly}; reading runs, dataset version summaries and
 * the registry stays open to the cluster's network (dashboards, inference), like the metrics.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TrainerResource {

    private static final int LIST_LIMIT = 100;

    private final TrainingScheduler scheduler;
    private final DatasetService datasets;
    private final DatasetExporter exporter;
    private final RegistryService registry;

    public TrainerResource(final TrainingScheduler scheduler, final DatasetService datasets,
            final DatasetExporter exporter, final RegistryService registry) {
        this.scheduler = scheduler;
        this.datasets = datasets;
        this.exporter = exporter;
        this.registry = registry;
    }

    @AdminOnly
    @POST
    @Path("/projects/{project}/runs")
    public Response requestRun(@PathParam("project") final String project) {
        final TrainingRun run = scheduler.requestRun(project, TrainingScheduler.TRIGGER_ADMIN);
        return Response.accepted(RunView.of(run)).build();
    }

    @GET
    @Path("/projects/{project}/runs")
    public List<RunView> runs(@PathParam("project") final String project) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingRun
                .<TrainingRun>find("project = ?1 order by createdAt desc", project).page(0, LIST_LIMIT).list()
                .stream().map(RunView::of).toList());
    }

    @GET
    @Path("/runs/{id}")
    public RunView run(@PathParam("id") final String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            final TrainingRun run = TrainingRun.findById(id);
            if (run == null) {
                throw Refusal.notFound("training run " + id);
            }
            return RunView.of(run);
        });
    }

    @AdminOnly
    @POST
    @Path("/projects/{project}/datasets")
    public Response snapshot(@PathParam("project") final String project) {
        return Response.status(Response.Status.CREATED).entity(DatasetView.of(datasets.snapshot(project))).build();
    }

    @GET
    @Path("/datasets/{id}")
    public DatasetView dataset(@PathParam("id") final String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            final DatasetVersion version = DatasetVersion.findById(id);
            if (version == null) {
                throw Refusal.notFound("dataset version " + id);
            }
            return DatasetView.of(version);
        });
    }

    @AdminOnly
    @GET
    @Path("/datasets/{id}/export")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("id") final String id, @QueryParam("format") final String format) {
        final DatasetExporter.Format chosen = parseFormat(format);
        dataset(id);
        final StreamingOutput body = out -> exporter.export(id, chosen, out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-" + chosen + ".zip\"")
                .build();
    }

    @GET
    @Path("/projects/{project}/models")
    public List<ModelSummary> models(@PathParam("project") final String project) {
        return QuarkusTransaction.requiringNew().call(() -> ModelVersion
                .<ModelVersion>find("project = ?1 order by number desc", project).page(0, LIST_LIMIT).list()
                .stream().map(ModelSummary::of).toList());
    }

    @GET
    @Path("/projects/{project}/models/{version}")
    public ModelDetail model(@PathParam("project") final String project, @PathParam("version") final String version) {
        return QuarkusTransaction.requiringNew().call(() -> {
            final ModelVersion model = ModelVersion.findById(version);
            if (model == null || !model.project.equals(project)) {
                throw Refusal.notFound("model version " + version + " of project " + project);
            }
            return ModelDetail.of(model);
        });
    }

    @GET
    @Path("/projects/{project}/champion")
    public ModelDetail champion(@PathParam("project") final String project) {
        return registry.champion(project).map(ModelDetail::of)
                .orElseThrow(() -> Refusal.notFound("a champion of project " + project));
    }

    @AdminOnly
    @POST
    @Path("/projects/{project}/models/{version}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelSummary promote(@PathParam("project") final String project,
            @PathParam("version") final String version, final ChangeRequest request) {
        return ModelSummary.of(registry.promote(project, version, reason(request, "promoted by an operator")));
    }

    @AdminOnly
    @POST
    @Path("/projects/{project}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelSummary rollback(@PathParam("project") final String project, final ChangeRequest request) {
        return ModelSummary.of(registry.rollback(project, reason(request, "rolled back by an operator")));
    }

    private static String reason(final ChangeRequest request, final String fallback) {
        return request == null || request.reason() == null || request.reason().isBlank() ? fallback
                : request.reason();
    }

    private static DatasetExporter.Format parseFormat(final String format) {
        final String name = format == null ? "jsonl" : format;
        return Arrays.stream(DatasetExporter.Format.values())
                .filter(value -> value.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ProblemException(400, "invalid-request", "The request is not valid",
                        "format must be jsonl or idx, was " + name));
    }
}
