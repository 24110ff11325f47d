package io.labelstream.inference.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.cleaning.RawItemParser;
import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.OnlinePrediction;
import io.labelstream.inference.service.PredictionRefused;
import io.labelstream.inference.service.RequestedItem;
import io.labelstream.inference.streams.PredictionPipeline;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;

/**
 * {@code POST /api/v1/predict}: one item (a JSON object) or a small batch (a JSON array of them) of one project,
 * answered with one prediction or an array of predictions. An item is taken in raw form when it carries the
 * raw-item contract's {@code content} or {@code contentType} (and must then satisfy that contract), in clean form
 * otherwise. The body is read as bytes so that an over-size or malformed body gets a problem body like every
 * other refusal.
 *
 * <p>{@code POST /api/v1/route}: clean items of one project with their ids, answered with how the project's policy
 * would route each now (prediction, auto-label and/or labeling task), publishing nothing. The labeling service
 * routes work again with it that was queued before the project had a champion.
 */
@Path("/api/v1")
public class PredictResource {

    private final OnlinePrediction online;
    private final PredictionPipeline pipeline;
    private final RawItemParser rawItems;
    private final int maxBodyBytes;

    @Inject
    PredictResource(final OnlinePrediction online, final PredictionPipeline pipeline, final InferenceConfig config) {
        this.online = online;
        this.pipeline = pipeline;
        this.maxBodyBytes = config.predict().maxBodyBytes();
        this.rawItems = new RawItemParser(maxBodyBytes);
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict raw or clean items with their project's champion model")
    public Object predict(@HeaderParam(HttpHeaders.CONTENT_LENGTH) final Long contentLength,
            @RequestBody(description = "One item or an array of items of one project. Raw form: a raw item exactly "
                    + "as on items.raw (schemaVersion, project, sourceId, kind, contentType, content, ...). Clean "
                    + "form: project, text or imagePng (base64 PNG), optional itemId and kind.")
            final InputStream body) throws IOException {
        if (contentLength != null && contentLength > maxBodyBytes) {
            throw bodyTooLarge();
        }
        final JsonNode json = parse(read(body));
        ensureReplayed();
        if (json.isObject()) {
            return online.predict(List.of(item(json))).get(0);
        }
        return online.predict(items(json));
    }

    /** How an item would be routed: its prediction, and the auto-label and/or labeling task it would become. */
    public record Routed(String itemId, Prediction prediction, Label label, LabelingTask task) {
    }

    @POST
    @Path("route")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Route clean items of one project by its policy and champion, publishing nothing")
    public List<Routed> route(@HeaderParam(HttpHeaders.CONTENT_LENGTH) final Long contentLength,
            @RequestBody(description = "An array of clean items of one project: itemId, project, kind, text or "
                    + "imagePng (base64 PNG), optional lineage.")
            final InputStream body) throws IOException {
        if (contentLength != null && contentLength > maxBodyBytes) {
            throw bodyTooLarge();
        }
        final JsonNode json = parse(read(body));
        if (!json.isArray()) {
            throw new ProblemException(400, "invalid-json", "Invalid JSON", "The body must be an array of items.");
        }
        for (int i = 0; i < json.size(); i++) {
            if (!json.get(i).hasNonNull("itemId") || json.get(i).has("content")) {
                throw new ProblemException(422, "item-id-required", "Item id required", "items[" + i
                        + "]: routing takes clean items with their itemId, the id their label or task will carry.");
            }
        }
        ensureReplayed();
        return online.route(items(json)).stream()
                .map(decision -> new Routed(decision.item().itemId(), decision.prediction(), decision.label(),
                        decision.task()))
                .toList();
    }

    private void ensureReplayed() {
        if (!pipeline.isReplayed()) {
            throw new PredictionRefused(PredictionRefused.Reason.NOT_READY,
                    "The service is still loading project policies and champion models.");
        }
    }

    private List<RequestedItem> items(final JsonNode array) {
        final List<RequestedItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(item(array.get(i)));
        }
        return items;
    }

    private byte[] read(final InputStream body) throws IOException {
        final byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            throw bodyTooLarge();
        }
        return bytes;
    }

    private ProblemException bodyTooLarge() {
        return new ProblemException(413, "body-too-large", "Request body too large",
                "A request body holds at most " + maxBodyBytes + " bytes.");
    }

    /** Read by the cleaning rules' own reader, so that a body ingest refuses is refused here for the same reason. */
    private JsonNode parse(final byte[] body) {
        final JsonNode json;
        try {
            json = rawItems.read(body);
        } catch (final ItemRejectedException e) {
            throw ProblemException.unreadableBody(e);
        }
        if (!(json.isObject() || json.isArray())) {
            throw new ProblemException(400, "invalid-json", "Invalid JSON",
                    "The body must be an item (a JSON object) or an array of them.");
        }
        return json;
    }

    private RequestedItem item(final JsonNode json) {
        if (!json.isObject()) {
            return new RequestedItem.Unreadable(new ItemRejectedException(RejectReason.INVALID_SHAPE,
                    "An item is a JSON object, not " + json.getNodeType().name().toLowerCase() + "."));
        }
        if (json.has("content") || json.has("contentType")) {
            try {
                return new RequestedItem.Raw(rawItems.validate(json));
            } catch (final ItemRejectedException e) {
                return new RequestedItem.Unreadable(e);
            }
        }
        try {
            return new RequestedItem.Clean(Json.MAPPER.treeToValue(json, CleanItem.class));
        } catch (final JsonProcessingException e) {
            return new RequestedItem.Unreadable(
                    new ItemRejectedException(RejectReason.INVALID_SHAPE, e.getOriginalMessage()));
        }
    }
}
