/**
 * The notification service: turns balance changes, fraud alerts, invoices and station status changes into
 * notifications for account holders, stores them in PostgreSQL and pushes them live to a small web page.
 */
package dev.voltstream.notification;
