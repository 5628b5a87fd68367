package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.function.Predicate;

/**
 * Who holds the {@link LanFinds#MAX_PER_WANTED_ID} places of each ID the viewer looks for, sans
 * I/O (decisions 0063, 0072): its first claims are kept; a later one takes only the place of one
 * tried and failed, or of the newest of a source holding more than one more of its places than
 * the new claim's source, or, from a source holding none, the ID's newcomer's place (that of the
 * newest, held until its claim is tried); never of one that proved itself. A claim refused from
 * a source holding none waits ({@link LanWaitingClaims}), and the claims are tried in rounds: once
 * every held claim of the ID was tried and failed, those waiting take their places, the newest
 * tried first ({@link #admitAfterFailure}); while claims wait, a new one does not take a failed
 * claim's place but waits too. So a camera that announces after claims from any number of
 * addresses is tried within {@code 2 * MAX_PER_WANTED_ID} attempts, unless {@link
 * LanWaitingClaims#MAX_PER_ID} addresses never heard claiming its ID claim it after it and before
 * the round ends (decision 0072's lan12 amendment).
 *
 * <p>Not thread-safe: {@link LanFinds}'s owner holds its lock.
 */
final class LanClaimPlaces {
    /** Whether a new claim is held, the instance let go for it (null: none), and whether it takes its ID's newcomer's place. */
    record Room(boolean held, String letGo, boolean newcomer) {
        static final Room FREE = new Room(true, null, false);
        static final Room NONE = new Room(false, null, false);

        static Room inPlaceOf(String letGo) {
            return letGo == null ? NONE : new Room(true, letGo, false);
        }
    }

    /** A waiting claim that took a place ({@code letGo}'s, tried and failed). */
    record Admitted(LanWaitingClaims.Claim claim, String letGo) {}

    private final LanHeldInstances held;
    private final LanTries tries;
    /** Whether a claim announces an address where something else answered for its ID lately. */
    private final Predicate<LanBrowser.Found> notTheCamera;

    private final LanWaitingClaims waiting = new LanWaitingClaims();

    LanClaimPlaces(LanHeldInstances held, LanTries tries, Predicate<LanBrowser.Found> notTheCamera) {
        this.held = held;
        this.tries = tries;
        this.notTheCamera = notTheCamera;
    }

    /** The IDs looked for changed: claims of those no longer looked for stop waiting. */
    void lookingForChanged(Predicate<CameraId> wanted) {
        waiting.lookingForChanged(wanted);
    }

    /**
     * Whether a new claim of wanted {@code id} from {@code source} is held: its first claims are
     * kept, a later one only in the place of one that was tried and failed, or of the newest of a
     * source holding more than one more of its places ({@link #overShare}), or in its newcomer's
     * place ({@link #newcomersPlace}). Up to {@link LanFinds#MAX_WANTED} IDs have places.
     */
    Room roomFor(CameraId id, InetAddress source) {
        int ofId = held.ofId(id).size();
        if (ofId >= LanFinds.MAX_PER_WANTED_ID) {
            boolean waits = waiting.has(id); // those waiting take the failed claims' places first, in rounds
            String failed = waits ? null : failedToLetGo(id);
            String over = failed != null ? failed : overShare(id, source);
            if (over != null) {
                return Room.inPlaceOf(over);
            }
            return waits ? Room.NONE : newcomersPlace(id, source);
        }
        return ofId == 0 && held.wantedIds() >= LanFinds.MAX_WANTED ? Room.NONE : Room.FREE;
    }

    /**
     * Instance {@code name}'s claim of wanted {@code camera}'s ID from {@code source} was heard and
     * {@code refused} a place or not: a refused one from a source holding none of the ID's places
     * waits ({@link LanWaitingClaims}); a held one no longer does.
     */
    void heard(String name, LanBrowser.Found camera, InetAddress source, boolean refused) {
        boolean heardBefore = waiting.heard(camera.id(), source);
        if (!refused) {
            waiting.remove(name);
        } else if (!holdsAPlace(camera.id(), source)) {
            waiting.refused(new LanWaitingClaims.Claim(name, camera, source), heardBefore);
        }
    }

    boolean waits(String name) {
        return waiting.waits(name);
    }

    /** Instance {@code name} said goodbye: it no longer waits. */
    void removed(String name) {
        waiting.remove(name);
    }

    /**
     * A connect at a claim of {@code id} failed: when every held claim of it was tried, and none
     * proved itself (a round of tries ended), the claims waiting take the places of those that
     * failed, the newest waiting first (from a source holding none of the ID's other places, not at
     * an address where something else answered for the ID). What takes whose place, the newest
     * last; the caller moves each in as a newcomer, in this order, so that the newest is tried first.
     */
    List<Admitted> admitAfterFailure(CameraId id) {
        List<String> failed = new ArrayList<>();
        for (String name : held.ofId(id)) {
            if (tries.isProven(name) || tries.failedAt(name) == null) {
                return List.of(); // found, or the round goes on
            }
            failed.add(name);
        }
        failed.sort((a, b) -> rankToLetGo(a, b));
        List<Admitted> admitted = new ArrayList<>();
        for (int k = 0; k < failed.size(); k++) {
            List<String> leaving = failed.subList(0, k + 1); // those let go so far, this one too
            LanWaitingClaims.Claim next = waiting.takeNewest(
                    id,
                    claim -> !held.contains(claim.name())
                            && !notTheCamera.test(claim.camera())
                            && !holdsAPlace(id, claim.source(), leaving)
                            && admitted.stream()
                                    .noneMatch(in -> in.claim().source().equals(claim.source())));
            if (next == null) {
                break;
            }
            admitted.addFirst(new Admitted(next, failed.get(k)));
        }
        return admitted;
    }

    /** Whether {@code source} sent a held claim of {@code id} (other than those {@code leaving}). */
    private boolean holdsAPlace(CameraId id, InetAddress source, List<String> leaving) {
        for (String name : held.ofId(id)) { // a few: the ID's places
            if (!leaving.contains(name) && held.get(name).source().equals(source)) {
                return true;
            }
        }
        return false;
    }

    private boolean holdsAPlace(CameraId id, InetAddress source) {
        return holdsAPlace(id, source, List.of());
    }

    /**
     * The instance of wanted {@code id} to let go for a new claim from {@code source} when none was
     * tried and failed: the newest unproven claim of the source holding the most of the ID's places,
     * when it holds more than one more than {@code source} (max-min fair share, as for strangers);
     * else null. A camera announces one instance per interface, each from that interface's address,
     * so a forger who claimed the ID first from one address keeps one place, not all of them, and
     * the camera's instance, the only one of its address, never gives way to a claim from another.
     */
    private String overShare(CameraId id, InetAddress source) {
        Map<InetAddress, List<String>> bySource = new HashMap<>();
        for (String name : held.ofId(id)) { // a few: the ID's places
            bySource.computeIfAbsent(held.get(name).source(), ignored -> new ArrayList<>())
                    .add(name);
        }
        int ofSource = bySource.getOrDefault(source, List.of()).size();
        List<String> largest = List.of();
        for (List<String> share : bySource.values()) {
            if (share.size() > largest.size()) {
                largest = share;
            }
        }
        if (largest.size() <= ofSource + 1) {
            return null;
        }
        return tries.newestUnproven(largest);
    }

    /**
     * The room of a new claim of wanted {@code id} from {@code source} when its places are all taken,
     * none tried and failed and no source over its share: a source holding none of them takes the
     * newcomer's place, that of the newest unproven claim, unless the newcomer's place is held by a
     * claim not yet tried. So a camera announcing after a forger's claims from as many addresses as
     * the ID has places is held at once and, the latest, tried first, and the forger's claims after
     * it (from his addresses again, or new ones) wait until it is tried (decision 0072's amendment).
     */
    private Room newcomersPlace(CameraId id, InetAddress source) {
        SequencedSet<String> ofId = held.ofId(id);
        if (holdsAPlace(id, source) || tries.newcomerUntried(ofId)) {
            return Room.NONE; // its source holds its share, or the newcomer's place waits for its try
        }
        String letGo = tries.newestUnproven(ofId);
        return letGo == null ? Room.NONE : new Room(true, letGo, true);
    }

    /**
     * The instance of {@code id} to let go for a new claim: of those tried and not proved, one at an
     * address that is not the camera, else the one whose connect failed the longest ago; null when
     * none was tried and failed (the first claims are kept: a flood of new ones does not push out
     * the camera's before it is tried).
     */
    private String failedToLetGo(CameraId id) {
        String chosen = null;
        for (String name : held.ofId(id)) {
            if (tries.failedAt(name) != null
                    && !tries.isProven(name)
                    && (chosen == null || rankToLetGo(name, chosen) < 0)) {
                chosen = name;
            }
        }
        return chosen;
    }

    /** Which of two claims tried and failed is let go first: one at an address that is not the camera, else the one that failed the longer ago. */
    private int rankToLetGo(String a, String b) {
        boolean aNotTheCamera = notTheCamera.test(held.get(a).camera());
        boolean bNotTheCamera = notTheCamera.test(held.get(b).camera());
        if (aNotTheCamera != bNotTheCamera) {
            return aNotTheCamera ? -1 : 1;
        }
        long since = tries.failedAt(a) - tries.failedAt(b);
        return since < 0 ? -1 : since > 0 ? 1 : 0;
    }
}
