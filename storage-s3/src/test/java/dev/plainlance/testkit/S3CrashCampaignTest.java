package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plainlance.lance.io.s3.S3TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The crash campaigns with {@link FaultInjectingStorage} wrapping S3 storage: each schedule in a new bucket of
 * the test server. A short run in every build; {@code -Dplainlance.s3.campaign.schedules=N} runs longer ones.
 */
class S3CrashCampaignTest {
    private static final int SCHEDULES = Integer.getInteger("plainlance.s3.campaign.schedules", 40);

    private static CampaignReport run(CrashTarget target, long seed) {
        CampaignReport report = new CrashCampaign(target).run(SCHEDULES, seed);
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        System.out.println(text);
        assertEquals(0, report.violations().size(), text.toString());
        assertFalse(report.crashPoints().isEmpty(), "the campaign crashed somewhere: " + text);
        return report;
    }

    @Test
    void datasetCampaignOnS3HasNoViolations() {
        run(new DatasetTarget(() -> S3TestServer.get().newStorage("dataset-campaign")), 7L);
    }

    @Test
    void catalogCampaignOnS3HasNoViolations() {
        run(new CatalogTarget(() -> S3TestServer.get().newStorage("catalog-campaign")), 20261122L);
    }
}
