/**
 * The admin REST API under {@code /api} (documented by {@code openapi.yaml} in the jar's resources): cluster
 * overview, topics, consumer groups, message browsing and producing. Each class registers its routes on the router.
 */
package dev.voltstream.broker.console.api;
