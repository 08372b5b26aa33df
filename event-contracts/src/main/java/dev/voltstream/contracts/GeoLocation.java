package dev.voltstream.contracts;

/** A point on Earth in decimal degrees. */
public record GeoLocation(double lat, double lon) {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** Great-circle distance (haversine) in kilometres. */
    public double distanceKm(GeoLocation other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
