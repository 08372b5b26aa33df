package dev.voltstream.fraud.rest;

/** Body of a block request; the reason is optional. */
public record BlockRequest(String reason) {
}
