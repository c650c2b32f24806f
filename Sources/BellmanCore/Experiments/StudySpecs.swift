/// How a study's pieces are written, on the command line and in a figure recipe alike: a
/// series (`"td0 alpha=0.001 batch"`), a parameter and its values (`alpha=0.1:1:0.1`), a
/// window of episodes (`first:10`). The one place each form is read; a refusal names what was
/// written and what would be valid.
public enum StudySpecs {
    /// The most values one parameter takes.
    public static let maxValues = 1_000

    /// A series as written: the method and its own options, in order.
    public struct Series: Sendable {
        public var text: String
        public var method: MethodInfo
        public var options: [Option]

        public struct Option: Sendable {
            public var name: String
            /// `nil` for a flag.
            public var value: String?
        }

        /// The series on `base` (the method's defaults with the command line's parameters),
        /// labelled as written.
        public func series(base: Parameters) throws -> LearningCurves.Series {
            LearningCurves.Series(label: text, method: method, parameters: try parameters(base: base))
        }

        /// `base` with this series' options set.
        public func parameters(base: Parameters) throws -> Parameters {
            func refuse(_ why: String) -> SolverError { SolverError("series \"\(text)\": \(why)") }
            var p = base
            for option in options {
                let name = option.name
                if let uses = ParameterName(rawValue: name), !method.parameters.contains(uses) {
                    throw refuse("\(method.id) does not use \(name); it uses: \(method.parameters.map(\.rawValue).joined(separator: ", "))")
                }
                guard let value = option.value else {
                    switch name {
                    case "every-visit": p.everyVisit = true
                    case "replacing-traces": p.replacingTraces = true
                    case "batch": p.batch = true
                    case "synchronous": p.synchronous = true
                    case "no-baseline": p.baseline = false
                    case "no-std": p.standardize = false
                    default: throw refuse("`\(name)` is not a flag; flags: every-visit, replacing-traces, batch, synchronous, no-baseline, no-std")
                    }
                    continue
                }
                switch name {
                case "sampling":
                    guard value == "ordinary" || value == "weighted" else {
                        throw refuse("sampling=\(value) is not valid; valid: \(ParameterRules.valid(.sampling))")
                    }
                    p.weightedSampling = value == "weighted"
                case "ties":
                    do { p.ties = try ParameterRules.tieBreak(value) } catch { throw refuse("\(error)") }
                default:
                    guard let parameter = ParameterName(rawValue: name), parameter == .theta || ParameterSweep.variable.contains(parameter) else {
                        throw refuse("unknown option `\(name)`; valid: \((ParameterSweep.variable + [.theta]).map(\.rawValue).joined(separator: ", ")), sampling, ties, or a flag")
                    }
                    guard let number = Double(value), number.isFinite else { throw refuse("\(name)=\(value) is not a number") }
                    do { p = try p.setting(parameter, number, for: method) } catch { throw refuse("\(error)") }
                }
            }
            return p
        }
    }

    /// `"ID name=value ... flag"`: the method first, then its options.
    public static func series(_ text: String) throws -> Series {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let id = words.first else { throw SolverError("a series needs a method id first: \"ID name=value ...\"") }
        guard let method = Methods.named(id) else { throw SolverError(Methods.unknownMessage(id)) }
        let options = words.dropFirst().map { word -> Series.Option in
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            return Series.Option(name: parts[0], value: parts.count == 2 ? parts[1] : nil)
        }
        return Series(text: text.trimmingCharacters(in: .whitespaces), method: method, options: options)
    }

    /// `NAME=a,b,c` or `NAME=from:to:step` (the end included).
    public static func axis(_ text: String) throws -> ParameterSweep.Axis {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let valid = ParameterSweep.variable.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let name = ParameterName(rawValue: parts[0].trimmingCharacters(in: .whitespaces)) else {
            throw SolverError("--vary \(text): give NAME=LIST with NAME one of \(valid)")
        }
        guard ParameterSweep.variable.contains(name) else { throw SolverError("--vary \(name.rawValue): not a number to vary; valid: \(valid)") }
        let list = parts[1].trimmingCharacters(in: .whitespaces)
        var values: [Double] = []
        if list.contains(":") {
            let range = list.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard range.count == 3, let from = range[0], let to = range[1], let step = range[2], from.isFinite, to.isFinite,
                  step > 0, step.isFinite, to >= from else {
                throw SolverError("--vary \(text): a range is from:to:step with from <= to and step > 0, e.g. alpha=0.1:1:0.1")
            }
            guard (to - from) / step < Double(maxValues) else { throw SolverError("--vary \(text): more than \(maxValues) values") }
            var k = 0.0
            // Rounded to the step's decimals, so 0.1:1:0.1 gives 0.3, not 0.30000000000000004.
            while from + k * step <= to + step * 1e-9 {
                values.append(((from + k * step) * 1e12).rounded() / 1e12)
                k += 1
            }
        } else {
            for item in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard let v = Double(item.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw SolverError("--vary \(text): `\(item)` is not a number; a list is a,b,c")
                }
                values.append(v)
            }
            guard values.count <= maxValues else { throw SolverError("--vary \(text): more than \(maxValues) values") }
        }
        // Each method checks its own range when the values are set; here, the widest any has.
        let widest = name == .alpha ? Methods.all.max { $0.maxAlpha < $1.maxAlpha } : nil
        for v in values {
            do { try ParameterRules.check(name, v, for: widest) } catch { throw SolverError("--vary: \(error)") }
        }
        return ParameterSweep.Axis(name: name, values: values)
    }

    /// `first:K` or `last:K`.
    public static func window(_ text: String) throws -> ParameterSweep.Window {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 2, let k = Int(parts[1]), k >= 1 else { throw SolverError("--window \(text): give first:K or last:K with K >= 1") }
        switch parts[0] {
        case "first": return .first(k)
        case "last": return .last(k)
        default: throw SolverError("--window \(text): give first:K or last:K with K >= 1")
        }
    }
}
