/** Typed configuration of the billing-service ({@code billing.*}). */
package dev.voltstream.billing.config;
