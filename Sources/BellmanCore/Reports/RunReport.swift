/// The three renderings of a headless run (DESIGN §4): JSON for scripts, CSV of the curve
/// for notebooks, text for a person.
public enum RunReport {
    // MARK: - JSON

    /// One JSON object: level, method, params, rows, cols, values, q, policy, counters, curve.
    public static func json(_ result: RunResult) -> String {
        let model = result.model, level = model.level
        typealias V = JSONWriter.Value
        func grid(_ value: (Int) -> V) -> V {
            .array((0..<level.rows).map { r in
                .array((0..<level.cols).map { c in
                    let s = Int(model.stateOfCell[r * level.cols + c])
                    return s < 0 ? .null : value(s)
                })
            })
        }
        var fields: [(String, V)] = [
            ("level", .string(level.id)),
            ("method", .string(result.method.id)),
            ("params", .object(parameterFields(result.method, result.parameters))),
            // The parameters whose values are the level's `[defaults]` (DESIGN §11).
            ("params_from_level", .array(fromLevel(result.method, result.parameters, level).map(V.string))),
            ("rows", .int(level.rows)),
            ("cols", .int(level.cols)),
            ("values", grid { .number(result.stateValues[$0]) }),
        ]
        let A = model.actionCount
        if let q = result.actionValues {
            fields.append(("q", grid { s in .array((0..<model.actionCount(of: s)).map { .number(q[s * A + $0]) }) }))
        }
        fields.append(("policy", grid { s in
            result.policy[s] < 0 ? .null : .string(model.actionName(s, result.policy[s]))
        }))
        if !result.iterations.isEmpty {
            // Figure 4.2's pi_0 .. pi_k: each policy evaluated, "random" where it was not yet set.
            fields.append(("iterations", .array(result.iterations.map { iteration in
                .object([("policy", grid { s in
                    model.isTerminal[s] ? .null : iteration.policy[s] < 0 ? .string("random") : .string(model.actionName(s, iteration.policy[s]))
                }), ("sweeps", .int(iteration.sweeps))])
            })))
        }
        // DESIGN §8: every state in the model's order, with its tied greedy actions.
        let greedy = result.greedy
        fields.append(("states", .array((0..<model.stateCount).map { s in
            var entry: [(String, V)] = [
                ("id", .string(model.name(of: s))), ("terminal", .bool(model.isTerminal[s])),
                ("value", .number(result.stateValues[s])),
                // Policy iteration's own policy; otherwise the first of the tied greedy actions.
                ("policy", result.policy[s] < 0 ? .null : .string(model.actionName(s, result.policy[s]))),
                ("greedy", .array(greedy[s].map { .string(model.actionName(s, $0)) })),
            ]
            if let q = result.actionValues, !model.isTerminal[s] {
                entry.append(("q", .object((0..<model.actionCount(of: s)).map { (model.actionName(s, $0), .number(q[s * A + $0])) })))
            }
            if let pi = result.probabilities, !model.isTerminal[s] {
                entry.append(("pi", .object((0..<model.actionCount(of: s)).map { (model.actionName(s, $0), .number(pi[s * A + $0])) })))
            }
            // A bandit's arms: the true values of the task run (DESIGN §12).
            if s == model.banditState {
                entry.append(("true_q", .object(model.armValues().enumerated().map { (model.actionName(s, $0.offset), .number($0.element)) })))
            }
            return .object(entry)
        })))
        let c = result.counters
        fields += [
            ("episodes", .int(c.episodes)), ("samples", .int(c.samples)), ("backups", .int(c.backups)),
            ("sweeps", .int(c.sweeps)), ("model_reads", .int(c.modelReads)), ("episodes_cut", .int(c.episodesCut)),
            ("rms", result.rms.map(V.number) ?? .null),
        ]
        let isDP = result.method.family == .dp
        fields.append(("curve", .array(result.curve.map { point in
            let rms = point.rms.map(V.number) ?? .null
            if isDP {
                return .object([("sweep", .int(point.index)), ("backups", .int(point.backups)),
                                 ("model_reads", .int(point.modelReads)), ("delta", .number(point.delta)), ("rms", rms)])
            }
            return .object([("episode", .int(point.index)), ("steps", .int(point.steps)), ("samples", .int(point.samples)),
                             ("return", .number(point.return_)), ("cut", .bool(point.cut)), ("rms", rms)])
        })))
        fields.append(("notes", .array(result.notes.map(V.string))))
        return JSONWriter.render(.object(fields))
    }

    /// The names (as the command line spells them) of `p`'s parameters that hold the level's
    /// values, in the method's order.
    static func fromLevel(_ method: MethodInfo, _ p: Parameters, _ level: Level) -> [String] {
        let names = level.defaults.fromLevel(p, for: method)
        return method.parameters.filter(names.contains).map(\.rawValue)
    }

    private static func parameterFields(_ method: MethodInfo, _ p: Parameters) -> [(String, JSONWriter.Value)] {
        method.parameters.map { name in
            let value: JSONWriter.Value
            switch name {
            case .gamma: value = .number(p.gamma)
            case .alpha: value = p.alpha.map(JSONWriter.Value.number) ?? .string("1/N")
            case .epsilon: value = .number(p.epsilon)
            case .lambda: value = .number(p.lambda)
            case .n: value = .int(p.n)
            case .planningSteps: value = .int(p.planningSteps)
            case .kappa: value = .number(p.kappa)
            case .priorityThreshold: value = .number(p.priorityThreshold)
            case .theta: value = .number(p.theta)
            case .initialValue: value = .number(p.initialValue)
            case .seed: value = p.seed <= UInt64(Int.max) ? .int(Int(p.seed)) : .string(String(p.seed))
            case .everyVisit: value = .bool(p.everyVisit)
            case .replacingTraces: value = .bool(p.replacingTraces)
            case .batch: value = .bool(p.batch)
            case .synchronous: value = .bool(p.synchronous)
            case .ties: value = .string(p.ties.rawValue)
            case .sampling: value = .string(p.weightedSampling ? "weighted" : "ordinary")
            case .c: value = .number(p.c)
            case .noBaseline: value = .bool(!p.baseline)
            case .alphaW: value = .number(p.alphaW)
            case .group: value = .int(p.group)
            case .noStd: value = .bool(!p.standardize)
            case .prior: value = p.prior.map(JSONWriter.Value.number) ?? .null
            case .priorNoise: value = .number(p.priorNoise)
            }
            return (name.rawValue, value)
        }
    }

    // MARK: - CSV

    /// The curve, one row per episode (or sweep), with a header.
    public static func csv(_ result: RunResult) -> String {
        func number(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        if result.method.family == .dp {
            return "sweep,backups,model_reads,delta,rms\n" + result.curve.map {
                "\($0.index),\($0.backups),\($0.modelReads),\(number($0.delta)),\(number($0.rms))\n"
            }.joined()
        }
        return "episode,steps,samples,backups,return,cut,rms\n" + result.curve.map {
            "\($0.index),\($0.steps),\($0.samples),\($0.backups),\(number($0.return_)),\($0.cut ? 1 : 0),\(number($0.rms))\n"
        }.joined()
    }
}
