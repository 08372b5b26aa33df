/**
 * RFC 9457 problem details for every REST API: {@link dev.voltstream.kit.rest.ProblemException} for a request the API
 * refuses, and {@link dev.voltstream.kit.rest.ProblemMappers}, which answers every failure — refusals, the framework's
 * own errors (unknown path, wrong method, unconvertible parameter) and unexpected exceptions (500) — as
 * {@code application/problem+json}.
 */
package dev.voltstream.kit.rest;
