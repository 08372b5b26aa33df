package dev.voltstream.stationproducer.service;

import dev.voltstream.stationproducer.config.SimulatorConfig;

import java.math.BigDecimal;

/** The default scenario sizes of application.properties, for tests without Quarkus. */
final class ScenarioSizes implements SimulatorConfig.Scenario {
    @Override
    public int velocityBurstSize() {
        return 12;
    }

    @Override
    public BigDecimal overLimitAmount() {
        return new BigDecimal("4750.00");
    }

    @Override
    public BigDecimal dailyLimitAmount() {
        return new BigDecimal("1800.00");
    }

    @Override
    public int dailyLimitCount() {
        return 3;
    }

    @Override
    public BigDecimal anomalyAmount() {
        return new BigDecimal("1500.00");
    }
}
