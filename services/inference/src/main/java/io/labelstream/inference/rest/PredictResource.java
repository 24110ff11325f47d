package io.labelstream.inference.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.labelstream.inference.service.OnlinePrediction;
import io.labelstream.inference.service.PredictionRefused;
import io.labelstream.inference.streams.PredictionPipeline;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.json.Json;

/**
 * {@code POST /api/v1/predict}: one clean item (a JSON object) or a small batch (a JSON array of them) of one
 * project, answered with one prediction or an array of predictions. The body is read as text so that malformed
 * JSON gets the same problem body as every other refusal.
 */
@Path("/api/v1/predict")
public class PredictResource {

    private final OnlinePrediction online;
    private final PredictionPipeline pipeline;

    @Inject
    PredictResource(final OnlinePrediction online, final PredictionPipeline pipeline) {
        this.online = online;
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict clean items with their project's champion model")
    public Object predict(final String body) {
        final JsonNode json = parse(body);
        if (!pipeline.isReplayed()) {
            throw new PredictionRefused(PredictionRefused.Reason.NOT_READY,
                    "The service is still loading project policies and champion models.");
        }
        if (json.isObject()) {
            return online.predict(List.of(item(json, 0))).get(0);
        }
        final List<CleanItem> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(item(json.get(i), i));
        }
        return online.predict(items);
    }

    private static JsonNode parse(final String body) {
        final JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (final JsonProcessingException e) {
            throw new ProblemException(400, "invalid-json", "Invalid JSON",
                    "The body is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !(json.isObject() || json.isArray())) {
            throw new ProblemException(400, "invalid-json", "Invalid JSON",
                    "The body must be a clean item (a JSON object) or an array of them.");
        }
        return json;
    }

    private static CleanItem item(final JsonNode json, final int index) {
        if (!json.isObject()) {
            throw new PredictionRefused(PredictionRefused.Reason.INVALID_ITEM,
                    "items[" + index + "]: an item is a JSON object.");
        }
        try {
            return Json.MAPPER.treeToValue(json, CleanItem.class);
        } catch (final JsonProcessingException e) {
            throw new PredictionRefused(PredictionRefused.Reason.INVALID_ITEM,
                    "items[" + index + "]: " + e.getOriginalMessage());
        }
    }
}
