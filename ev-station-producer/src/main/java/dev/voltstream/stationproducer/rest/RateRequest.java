package dev.voltstream.stationproducer.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new simulation rate. */
public record RateRequest(
        @Schema(description = "events per second, all types together", example = "500", required = true)
        Double eventsPerSecond) {
}
