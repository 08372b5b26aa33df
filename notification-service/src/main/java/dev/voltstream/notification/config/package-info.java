/** Typed configuration of the notification service. */
package dev.voltstream.notification.config;
