package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import org.junit.jupiter.api.Test;

/** crash-campaign lives in the testkit and reaches the command line through the PluginCommand service. */
class PluginCommandsTest {

    @Test
    void helpListsTheBuiltInCommandsAndTheTestkitsCrashCampaign() {
        Result r = run("--help");
        assertEquals(0, r.code(), r.err());
        for (String command : new String[] {"dataset", "catalog", "quickstart", "crash-campaign"}) {
            assertTrue(r.out().contains("  " + command + " "), command + " missing from:\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void crashCampaignRunsAsBefore() {
        Result r = run("crash-campaign", "--schedules", "3", "--seed", "7", "--target", "dataset");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("crash campaign: target dataset, seed 7"), r.out());
        assertTrue(r.out().matches("(?s).*schedules run +3\n.*violations +0\n.*"), r.out());
    }

    @Test
    void crashCampaignErrorsAreOneLine() {
        Result r = run("crash-campaign", "--schedules", "0");
        assertEquals(1, r.code());
        assertEquals("plainlance: --schedules must be at least 1\n", r.err());
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSuggestsTheBuiltInOne() {
        Result r = run("datset", "info");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Did you mean: plainlance dataset"), r.err());
    }

    @Test
    void aBuiltInCommandRunsWithoutBuildingTheOthers() {
        Result r = run("dataset", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("info"), r.out());
    }
}
