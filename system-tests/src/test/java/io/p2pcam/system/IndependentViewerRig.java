package io.p2pcam.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cloud and camera a class of independent-viewer tests watches, started once for the class
 * where python3 and its cryptography package are there. Each test, not the class, is skipped
 * otherwise: surefire shows a skipped test and why, a skipped class as nothing.
 */
final class IndependentViewerRig implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** How a class starts its rig. */
    interface Starter {
        CameraRig start() throws Exception;
    }

    private final Starter starter;
    private CameraRig rig;
    private boolean runnable;

    IndependentViewerRig(Starter starter) {
        this.starter = starter;
    }

    CameraRig get() {
        return rig;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        runnable = IndependentViewer.runnable();
        if (runnable) {
            rig = starter.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(runnable, IndependentViewer.NEEDS_CRYPTOGRAPHY);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }
}
