/**
 * REST API of billing (described at /q/openapi): accounts and their balances, an account's ledger, invoices, and the
 * ledger consistency check. Errors are RFC 9457 problem details.
 */
package dev.voltstream.billing.rest;
