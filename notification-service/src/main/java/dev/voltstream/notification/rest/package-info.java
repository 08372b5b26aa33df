/**
 * The REST API under {@code /api} (described at {@code /q/openapi}): notifications, station watches, stations' status,
 * and the live SSE streams. Errors are problem details ({@code application/problem+json}).
 */
package dev.voltstream.notification.rest;
