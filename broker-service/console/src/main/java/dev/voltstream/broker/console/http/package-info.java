/**
 * Minimal HTTP plumbing over {@code com.sun.net.httpserver}: a router of method and path templates, a call wrapper
 * (path and query parameters, JSON bodies) and RFC 9457 problem-detail errors.
 */
package dev.voltstream.broker.console.http;
