package io.p2pcam.cloud.server;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.Supplier;

/**
 * The registry's Lua scripts ({@link CameraWriteScripts}, {@link MembershipScript}) loaded into a
 * Redis at connect, by the SHA1 digests EVALSHA names them with; and the check that this Redis
 * runs scripts at all. Every camera write and heartbeat is one, so a Redis that refuses them (an
 * ACL user without {@code +@scripting}, a managed Redis with EVAL disabled or renamed) is as
 * unusable as one that cannot be reached, and the node says why in words an admin can act on
 * ({@link ScriptsRefusedException}) rather than Redis's bare NOPERM at SCRIPT LOAD.
 */
record RegistryScripts(String publish, String withdraw, String heartbeat) {
    /** A script that changes nothing: runs it by EVALSHA and by EVAL, as the registry's writes are run. */
    private static final String PROBE = "return 1";

    /**
     * Loads the scripts and runs the probe both ways, blocking (one connection's handshake).
     *
     * @throws ScriptsRefusedException when Redis refuses SCRIPT LOAD, EVALSHA or EVAL
     */
    static RegistryScripts load(RedisCommands<String, byte[]> redis) {
        RegistryScripts scripts = new RegistryScripts(
                refusedAs("SCRIPT LOAD", () -> redis.scriptLoad(CameraWriteScripts.PUBLISH)),
                refusedAs("SCRIPT LOAD", () -> redis.scriptLoad(CameraWriteScripts.WITHDRAW)),
                refusedAs("SCRIPT LOAD", () -> redis.scriptLoad(MembershipScript.HEARTBEAT)));
        String probe = refusedAs("SCRIPT LOAD", () -> redis.scriptLoad(PROBE));
        refusedAs("EVALSHA", () -> redis.<Long>evalsha(probe, ScriptOutputType.INTEGER));
        refusedAs("EVAL", () -> redis.<Long>eval(PROBE, ScriptOutputType.INTEGER));
        return scripts;
    }

    /** {@code command}'s result; Redis's refusal of it (an error answer) as a {@link ScriptsRefusedException}. */
    private static <T> T refusedAs(String name, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisCommandExecutionException refused) {
            throw new ScriptsRefusedException(name, refused.getMessage());
        }
    }

    /** This Redis refuses Lua scripts. */
    static final class ScriptsRefusedException extends RegistryUnusableException {
        private static final long serialVersionUID = 1L;

        ScriptsRefusedException(String command, String redisSaid) {
            super(
                    "this Redis refuses Lua scripts (" + command + ": " + redisSaid
                            + "); p2pcam needs them (EVAL, EVALSHA, SCRIPT LOAD: ACL category +@scripting), "
                            + "see docs/ADMIN.md \"Running a cluster\"",
                    "cluster registry refuses Lua scripts (see the log)");
        }
    }
}
