/**
 * REST API of fraud-service (described at /q/openapi): block/unblock accounts, recent verdicts and alerts of an
 * account, one verdict by transaction, the current thresholds. Errors are RFC 9457 problem details.
 */
package dev.voltstream.fraud.rest;
