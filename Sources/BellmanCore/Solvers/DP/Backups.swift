import CSweepKernels

/// What a DP backup takes over the actions' expected one-step returns.
enum BackupRule: Sendable {
    /// max_a: value iteration (the Bellman optimality backup).
    case best
    /// The mean over actions: evaluation of the equiprobable random policy.
    case mean
}

extension Model {
    /// Backs up every non-terminal state in `states` by `rule`, reading `read` and writing
    /// `write`, and returns the largest |new - old|. When the two point to the same array the
    /// sweep is in place: each backup sees the ones before it, in state order (the book's box).
    ///
    /// Gives exactly `bestExpectedReturn`/`meanExpectedReturn` per state, the same arithmetic
    /// in the same order, but reads stencil runs (see `StateRuns`) without landing tables and,
    /// for synchronous sweeps of four-direction levels, four states at a time.
    func backUp(_ states: Range<Int>, _ rule: BackupRule, gamma: Double,
                read: UnsafePointer<Double>, write: UnsafeMutablePointer<Double>) -> Double {
        guard !states.isEmpty else { return 0 }
        let inPlace = read == UnsafePointer(write)
        let shape = QuadShape(self)
        var change = 0.0
        runs.runs.withUnsafeBufferPointer { runs in
            var r = self.runs.run(containing: states.lowerBound)
            while r < runs.count && Int(runs[r].lo) < states.upperBound {
                let run = runs[r]
                let lo = max(Int(run.lo), states.lowerBound), hi = min(Int(run.hi), states.upperBound)
                switch run.stencil {
                case StateRun.terminal:
                    break
                case StateRun.general:
                    let v = UnsafeBufferPointer(start: read, count: stateCount + 1)
                    for s in lo..<hi {
                        let new = rule == .best ? bestExpectedReturn(s, gamma: gamma, v) : meanExpectedReturn(s, gamma: gamma, v)
                        change = max(change, abs(read[s] - new))
                        write[s] = new
                    }
                default:
                    let stencil = Int(run.stencil)
                    if let shape, !inPlace {
                        change = max(change, shape.backUp(lo..<hi, stencil: stencil, runs: self.runs, rule, gamma: gamma, read: read, write: write))
                    } else {
                        change = max(change, stencilBackUp(lo..<hi, stencil: stencil, rule, gamma: gamma, read: read, write: write))
                    }
                }
                r += 1
            }
        }
        return change
    }

    /// A stencil run one state at a time: u_d = r_d + gamma V(s + offset_d), then the actions
    /// combined as every grid backup combines them (`backUp(directionValues:_:)`).
    private func stencilBackUp(_ states: Range<Int>, stencil: Int, _ rule: BackupRule, gamma: Double,
                               read: UnsafePointer<Double>, write: UnsafeMutablePointer<Double>) -> Double {
        let slots = directions.count
        var change = 0.0
        runs.offsets.withUnsafeBufferPointer { offsets in
            runs.rewards.withUnsafeBufferPointer { rewards in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: slots) { u in
                    let base = stencil * slots
                    for s in states {
                        for d in 0..<slots { u[d] = rewards[base + d] + gamma * read[s + Int(offsets[base + d])] }
                        let new = backUp(directionValues: u.baseAddress!, rule)
                        change = max(change, abs(read[s] - new))
                        write[s] = new
                    }
                }
            }
        }
        return change
    }
}

/// The common shape of a gridworld: actions N, E, S, W (in that order, one direction slot
/// each), either exact (p = 1) or slipping (the aimed direction with p, the two perpendiculars
/// with q each, clockwise one first, as `Direction.perpendiculars` lists them). Synchronous
/// stencil runs of this shape are backed up four states at a time in SIMD lanes (four: eight
/// spill registers in the portable SSE2 build, two leave it idle), each product
/// p * u computed once and shared by the actions that use it. Lane by lane it is the scalar
/// arithmetic: the same products, summed in the same order.
private struct QuadShape {
    let slipping: Bool
    let pAim: Double, pPerp: Double

    init?(_ model: Model) {
        guard model.directions == [.n, .e, .s, .w], model.level.actions == [.n, .e, .s, .w] else { return nil }
        let exact = (0..<4).allSatisfy { a in model.mixCount[a] == 1 && model.mixSlot[a * 3] == a && model.mixProbability[a * 3] == 1 }
        let pAim = model.mixProbability[0], pPerp = model.mixProbability[1]
        let slipping = (0..<4).allSatisfy { a in
            let slots = (Int(model.mixSlot[a * 3]), Int(model.mixSlot[a * 3 + 1]), Int(model.mixSlot[a * 3 + 2]))
            let p = (model.mixProbability[a * 3], model.mixProbability[a * 3 + 1], model.mixProbability[a * 3 + 2])
            return model.mixCount[a] == 3 && slots == (a, (a + 1) % 4, (a + 3) % 4) && p == (pAim, pPerp, pPerp)
        }
        guard exact || slipping else { return nil }
        self.slipping = slipping
        self.pAim = pAim
        self.pPerp = pPerp
    }

    typealias Lanes = SIMD4<Double>

    func backUp(_ states: Range<Int>, stencil: Int, runs: StateRuns, _ rule: BackupRule, gamma: Double,
                read: UnsafePointer<Double>, write: UnsafeMutablePointer<Double>) -> Double {
        let o = stencil * 4
        let (o0, o1, o2, o3) = (Int(runs.offsets[o]), Int(runs.offsets[o + 1]), Int(runs.offsets[o + 2]), Int(runs.offsets[o + 3]))
        let (r0, r1, r2, r3) = (runs.rewards[o], runs.rewards[o + 1], runs.rewards[o + 2], runs.rewards[o + 3])
        let (pAim, pPerp, slipping) = (pAim, pPerp, slipping)

        /// max_a or mean_a of q over N, E, S, W from the direction values u.
        @inline(__always) func backup(_ u0: Lanes, _ u1: Lanes, _ u2: Lanes, _ u3: Lanes) -> Lanes {
            var q0 = pAim * u0, q1 = pAim * u1, q2 = pAim * u2, q3 = pAim * u3
            if slipping {
                let b0 = pPerp * u0, b1 = pPerp * u1, b2 = pPerp * u2, b3 = pPerp * u3
                q0 = q0 + b1 + b3
                q1 = q1 + b2 + b0
                q2 = q2 + b3 + b1
                q3 = q3 + b0 + b2
            }
            if rule == .mean { return (q0 + q1 + q2 + q3) / 4 }
            return greater(q3, greater(q2, greater(q1, q0)))
        }
        /// a > b ? a : b, lane by lane: maxpd (a mask and a blend would take four instructions).
        @inline(__always) func greater(_ a: Lanes, _ b: Lanes) -> Lanes {
            var r = Lanes()
            for i in 0..<Lanes.scalarCount { r[i] = a[i] > b[i] ? a[i] : b[i] }
            return r
        }
        /// a < b ? a : b, lane by lane: minpd.
        @inline(__always) func less(_ a: Lanes, _ b: Lanes) -> Lanes {
            var r = Lanes()
            for i in 0..<Lanes.scalarCount { r[i] = a[i] < b[i] ? a[i] : b[i] }
            return r
        }

        let raw = UnsafeRawPointer(read), out = UnsafeMutableRawPointer(write)
        @inline(__always) func load(_ i: Int) -> Lanes { raw.loadUnaligned(fromByteOffset: i &* 8, as: Lanes.self) }
        // The largest |old - new| as the largest and the smallest difference: cheaper per lane.
        var rise = Lanes(repeating: 0), fall = Lanes(repeating: 0)
        // The CPU's widest vectors first, where it has them; the rest as below.
        var change = 0.0
        var s = withUnsafeTemporaryAllocation(of: Int.self, capacity: 4) { offsets in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4) { rewards in
                (offsets[0], offsets[1], offsets[2], offsets[3]) = (o0, o1, o2, o3)
                (rewards[0], rewards[1], rewards[2], rewards[3]) = (r0, r1, r2, r3)
                return bellman_quad_backup(read, write, states.lowerBound, states.upperBound, offsets.baseAddress!,
                                           rewards.baseAddress!, gamma, pAim, pPerp, slipping ? 1 : 0,
                                           rule == .mean ? 1 : 0, &change)
            }
        }
        while s &+ Lanes.scalarCount <= states.upperBound {
            let new = backup(r0 + gamma * load(s &+ o0), r1 + gamma * load(s &+ o1),
                             r2 + gamma * load(s &+ o2), r3 + gamma * load(s &+ o3))
            let delta = load(s) - new
            rise = greater(delta, rise)
            fall = less(delta, fall)
            out.storeBytes(of: new, toByteOffset: s &* 8, as: Lanes.self)
            s &+= Lanes.scalarCount
        }
        change = max(change, rise.max(), -fall.min())
        // The last few states, one lane at a time, the same way.
        while s < states.upperBound {
            let new = backup(Lanes(repeating: r0 + gamma * read[s + o0]), Lanes(repeating: r1 + gamma * read[s + o1]),
                             Lanes(repeating: r2 + gamma * read[s + o2]), Lanes(repeating: r3 + gamma * read[s + o3]))[0]
            change = max(change, abs(read[s] - new))
            write[s] = new
            s += 1
        }
        return change
    }
}
