/// You drive (DESIGN §9) n-step Sarsa. The box selects A_{t+1} right after the step, and the
/// update of tau = t - n + 1 bootstraps from it when tau + n = t + 1; A_{t+1} is your next key.
/// So that update waits for the key and is made in the next tick, once A_t is known (or the
/// policy's, if you hand back): the box's order is kept, only the tick's boundary moves to
/// "Select A_{t+1}". Taking over drops the A_t the policy had already selected.
extension NStepSarsa {
    mutating func drivenStep(_ key: Int) -> Tick {
        var tick = Tick()
        let m = n + 1
        A[t % m] = key
        if updateWaits { finishWaitingUpdate(into: &tick) }
        let (reward, next) = learner.take(A[t % m], into: &tick)
        S[(t + 1) % m] = next
        R[(t + 1) % m] = reward
        if let episodeEnd = tick.episodeEnd {
            // None of the last updates bootstraps from A_{t+1} (at the cap, the policy's, as
            // in `step`).
            A[(t + 1) % m] = episodeEnd.cut ? learner.epsilonGreedy(Q, next) : 0
            endEpisode(cut: episodeEnd.cut, into: &tick)
        } else {
            updateWaits = t - n + 1 >= 0
            t += 1
        }
        return tick
    }

    /// You drove the last step and handed back: A_t is the policy's choice, and the update
    /// that waited for it is made.
    mutating func handBack(into tick: inout Tick) {
        A[t % (n + 1)] = learner.epsilonGreedy(Q, S[t % (n + 1)])
        finishWaitingUpdate(into: &tick)
    }

    /// The update of tau = t - n, which waited for A_t.
    private mutating func finishWaitingUpdate(into tick: inout Tick) {
        learner.record(update(t - n, T: .max, cut: false), in: &tick)
        updateWaits = false
    }
}
