package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The bounded campaigns that run in every build: zero violations, and every failpoint of the target is hit.
 * {@code -Dplainlance.campaign.schedules=N} runs longer campaigns.
 */
class CrashCampaignTest {
    private static final int SCHEDULES = Integer.getInteger("plainlance.campaign.schedules", 2000);

    private static CampaignReport run(String target, long seed) {
        CampaignReport report = new CrashCampaign(CrashCampaign.target(target)).run(SCHEDULES, seed);
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        System.out.println(text);
        assertEquals(0, report.violations().size(), text.toString());
        return report;
    }

    @Test
    void catalogCampaignHasNoViolationsAndHitsEveryFailpoint() {
        CampaignReport report = run("catalog", 20261122L);
        for (Failpoint point : RecoveryFailpoints.ALL) {
            assertTrue(report.crashPoints().containsKey(point.name()), "campaign crashed at " + point);
        }
        assertTrue(report.outcomes().getOrDefault(ScheduleResult.Outcome.ROLLED_FORWARD, 0) > 0);
        assertTrue(report.outcomes().getOrDefault(ScheduleResult.Outcome.ROLLED_BACK, 0) > 0);
    }

    @Test
    void datasetCampaignHasNoViolationsAndHitsEveryFailpoint() {
        CampaignReport report = run("dataset", 7L);
        for (Failpoint point : java.util.stream.Stream.of(
                        DatasetFailpoints.ALL, dev.plainlance.lance.maintenance.CleanupFailpoints.ALL)
                .flatMap(java.util.List::stream)
                .toList()) {
            assertTrue(report.crashPoints().containsKey(point.name()), "campaign crashed at " + point);
        }
    }
}
