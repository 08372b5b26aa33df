/** Entities of the {@code notification} schema: notifications, station watches, station states, processed events. */
package dev.voltstream.notification.domain;
