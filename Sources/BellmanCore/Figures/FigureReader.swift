import Foundation
import TOMLKit

/// Reads figure recipes (`FigureRecipe`), untrusted like a level: every problem found is
/// reported at its FILE:LINE:COL with what would be valid, and nothing runs.
public enum FigureReader {
    static let keys = ["id", "title", "caption", "kind", "level", "series", "vary", "vary_per_series", "measure", "runs", "episodes", "steps", "sweeps", "every",
                       "window", "state", "action", "start", "policy", "after", "factors", "goal", "budget", "y_min", "y_max", "log_x", "log_y", "book"]
    static let bookKeys = ["series", "x", "x_to", "state", "after", "value", "tolerance", "at_most", "at_least", "action", "over", "source"]

    static let schema = KeySchema(rules: [
        .string("id", "`id` must be a string such as \"6.3\" or \"ex6.2-right\"") { !$0.isEmpty && $0.count <= 40 && $0.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) } },
        .string("title", "`title` must be a string"), .string("caption", "`caption` must be a string"),
        .string("kind", "`kind` must be one of \(FigureRecipe.Kind.allCases.map(\.rawValue).joined(separator: ", "))") { FigureRecipe.Kind(rawValue: $0) != nil },
        .string("level", "`level` must be a bundled level's name or a path"),
        .string("measure", "`measure` must be a string: a curve's \(LearningCurves.Measure.allCases.map(\.rawValue).joined(separator: ", ")); a sweep's \(ParameterSweep.Measure.allCases.map(\.rawValue).joined(separator: ", "))"),
        .integer("runs", in: 1...Race.maxRuns, valid: "1 to \(Race.maxRuns)"),
        .integer("episodes", in: 1...1_000_000, valid: "1 to 1000000"),
        .integer("steps", in: 1...100_000_000, valid: "1 to 100000000"),
        .integer("sweeps", in: 1...1_000_000, valid: "1 to 1000000"),
        .integer("every", in: 1...100_000_000, valid: "1 or more"),
        .integer("budget", in: 1...Runner.maxBudget, valid: "1 to \(Runner.maxBudget)"),
        .string("window", "`window` must be first:K or last:K"), .string("state", "`state` must be a state id such as r3c0"),
        .string("action", "`action` must be an action's name"), .string("start", "`start` must be a state id such as 13,2,usable"),
        .string("policy", "`policy` must be a policy file's name or path"),
        .string("goal", "`goal` must be one of \(ScaleStudy.Goal.allCases.map(\.rawValue).joined(separator: ", "))") { ScaleStudy.Goal(rawValue: $0) != nil },
        .number("y_min", valid: "a number") { $0.isFinite }, .number("y_max", valid: "a number") { $0.isFinite },
    ] + ["series", "vary", "vary_per_series", "after", "factors", "log_x", "log_y", "book"].map(KeyRule.other)) {
        KeySchema.unknownKey($0, suggesting: keys, "valid keys are \(keys.dropLast().joined(separator: ", ")) and [[book]] tables")
    }

    static let bookSchema = KeySchema(rules: [
        .string("series", "`series` must be a series' label as the recipe writes it"),
        .number("x", valid: "a number") { $0.isFinite }, .number("x_to", valid: "a number") { $0.isFinite },
        .string("state", "`state` must be a state id"), .integer("after", in: 0...1_000_000, valid: "0 to 1000000"),
        .number("value", valid: "a number") { $0.isFinite }, .number("tolerance", valid: "a number >= 0") { $0 >= 0 && $0.isFinite },
        .number("at_most", valid: "a number") { $0.isFinite }, .number("at_least", valid: "a number") { $0.isFinite },
        .string("action", "`action` must be an action's name"), .string("over", "`over` must be a series' label"),
        .string("source", "`source` must say where in the book the number is"),
    ]) { KeySchema.unknownKey($0, in: " in [[book]]", suggesting: bookKeys, "valid keys there are \(bookKeys.joined(separator: ", "))") }

    /// The recipe in `source`, read from `file`.
    public static func parse(source: String, file: String) throws -> FigureRecipe {
        let table = try LevelParser.table(source: source, file: file)
        let locator = SourceLocator(source: source)
        var problems = ProblemCollector(file: file)
        let keys = schema.reading(table, at: locator.value)
        keys.reportUnknownKeys(at: locator.key, to: &problems)
        func required(_ key: String) -> String {
            if table[key] == nil { problems.report(locator.key(key), "missing required key `\(key)`") }
            return keys.string(key, &problems) ?? ""
        }
        var recipe = FigureRecipe(id: required("id"), title: required("title"), caption: required("caption"),
                                  kind: FigureRecipe.Kind(rawValue: required("kind")) ?? .curve, level: required("level"), file: file)
        recipe.measure = keys.string("measure", &problems)
        recipe.runs = keys.integer("runs", &problems) ?? 1
        recipe.episodes = keys.integer("episodes", &problems)
        recipe.steps = keys.integer("steps", &problems)
        recipe.sweeps = keys.integer("sweeps", &problems)
        recipe.every = keys.integer("every", &problems)
        recipe.budget = keys.integer("budget", &problems)
        recipe.window = keys.string("window", &problems)
        recipe.state = keys.string("state", &problems)
        recipe.action = keys.string("action", &problems)
        recipe.start = keys.string("start", &problems)
        recipe.policy = keys.string("policy", &problems)
        recipe.goal = keys.string("goal", &problems)
        recipe.yMin = keys.number("y_min", &problems)
        recipe.yMax = keys.number("y_max", &problems)
        for (key, path) in [("log_x", \FigureRecipe.logX), ("log_y", \FigureRecipe.logY), ("vary_per_series", \FigureRecipe.varyPerSeries)] as [(String, WritableKeyPath<FigureRecipe, Bool>)] {
            guard let value = table[key] else { continue }
            if let on = value.bool, value.type == .bool { recipe[keyPath: path] = on } else { problems.report(locator.value(key), "`\(key)` must be true or false") }
        }
        recipe.series = strings("series", table, locator, &problems)
        recipe.vary = strings("vary", table, locator, &problems)
        recipe.after = integers("after", table, locator, &problems, range: 0...1_000_000)
        recipe.factors = integers("factors", table, locator, &problems, range: 1...Level.maxScale)
        check(&recipe, locator, &problems)
        recipe.book = readBook(table, locator, labels: labels(of: recipe), &problems)
        try problems.throwIfAny(sorted: true)
        return recipe
    }

    /// The labels a `[[book]]` point may name: the series as the study labels them.
    static func labels(of recipe: FigureRecipe) -> [String] {
        switch recipe.kind {
        case .curve:
            guard let axis = recipe.vary.first.flatMap({ try? StudySpecs.axis($0) }) else { return recipe.series }
            return recipe.series.flatMap { id in axis.values.map { "\(id) \(axis.name.rawValue)=\(NumberText.plain($0))" } }
        case .sweep where recipe.varyPerSeries:
            return recipe.series
        case .sweep:
            let axes = recipe.vary.compactMap { try? StudySpecs.axis($0) }
            // As the sweep's report labels its lines: one per method and value of the second axis.
            guard axes.count == 2 else { return recipe.series }
            return recipe.series.flatMap { id in axes[1].values.map { "\(id) \(axes[1].name.rawValue)=\(RunReport.format($0, digits: 4))" } }
        case .scale, .values, .policy:
            return recipe.series
        case .policyValue:
            return ["value", "best p", "best value"]
        }
    }

    /// What the recipe's kind needs: its series, measure and budget, each checked where written.
    private static func check(_ recipe: inout FigureRecipe, _ locator: SourceLocator, _ problems: inout ProblemCollector) {
        if !recipe.level.isEmpty, !LevelCatalog.names.contains(recipe.level), !FileManager.default.fileExists(atPath: recipe.level) {
            problems.report(locator.value("level"), "no level named `\(recipe.level)`\(KeySchema.suggestion(for: recipe.level, among: LevelCatalog.names)); valid: a bundled level (bellman levels lists them) or a path")
        }
        if recipe.series.isEmpty && recipe.kind != .policyValue { problems.report(locator.key("series"), "missing required key `series`: the methods the figure runs, e.g. series = [\"q-learning\"]") }
        for (i, text) in recipe.series.enumerated() {
            do {
                let spec = try StudySpecs.series(text)
                _ = try spec.parameters(base: Parameters(gamma: 1))
                if recipe.kind == .sweep && !recipe.varyPerSeries || recipe.kind == .scale, !spec.options.isEmpty {
                    problems.report(locator.arrayElement("series", index: i), "a \(recipe.kind.rawValue) figure's series are method ids (its level's [defaults] set their parameters)")
                }
            } catch { problems.report(locator.arrayElement("series", index: i), "\(error)") }
        }
        for (i, text) in recipe.vary.enumerated() {
            do { _ = try StudySpecs.axis(text) } catch { problems.report(locator.arrayElement("vary", index: i), "\(error)") }
        }
        if let window = recipe.window {
            do { _ = try StudySpecs.window(window) } catch { problems.report(locator.value("window"), "\(error)") }
        }
        if recipe.episodes != nil && recipe.steps != nil { problems.report(locator.key("steps"), "give episodes or steps, not both") }
        if recipe.varyPerSeries && recipe.kind != .sweep {
            problems.report(locator.key("vary_per_series"), "vary_per_series is a sweep's (kind = \"sweep\")")
        }
        switch recipe.kind {
        case .curve:
            let measure = recipe.measure ?? LearningCurves.Measure.reward.rawValue
            if let known = LearningCurves.Measure(rawValue: measure) {
                if let refusal = known.refusal(steps: recipe.steps != nil) {
                    problems.report(locator.value("measure"), refusal.replacingOccurrences(of: "--measure ", with: "measure ")
                        .replacingOccurrences(of: "--steps N", with: "steps = N").replacingOccurrences(of: "--episodes N", with: "episodes = N")
                        .replacingOccurrences(of: "--steps", with: "steps"))
                }
            } else {
                problems.report(locator.value("measure"), "measure = \"\(measure)\" is not a curve's; valid: \(LearningCurves.Measure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if recipe.vary.count > 1 { problems.report(locator.key("vary"), "a curve varies one parameter (vary = [\"NAME=LIST\"])") }
        case .sweep:
            let measure = recipe.measure ?? ParameterSweep.Measure.return.rawValue
            if ParameterSweep.Measure(rawValue: measure) == nil {
                problems.report(locator.value("measure"), "measure = \"\(measure)\" is not a sweep's; valid: \(ParameterSweep.Measure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if recipe.varyPerSeries {
                if recipe.vary.count != recipe.series.count {
                    problems.report(locator.key("vary"), "with vary_per_series = true, vary names one parameter per series (\(recipe.series.count) series, \(recipe.vary.count) in vary): vary[i] is series[i]'s")
                }
                for (i, (text, varied)) in zip(recipe.series, recipe.vary).enumerated() {
                    guard let spec = try? StudySpecs.series(text), let axis = try? StudySpecs.axis(varied) else { continue }
                    if !spec.method.parameters.contains(axis.name) {
                        problems.report(locator.arrayElement("vary", index: i), "\(spec.method.id) has no \(axis.name.rawValue) to vary; it reads \(spec.method.parameters.map(\.rawValue).joined(separator: ", "))")
                    } else if spec.options.contains(where: { $0.name == axis.name.rawValue }) {
                        problems.report(locator.arrayElement("vary", index: i), "series \"\(text)\" sets \(axis.name.rawValue) and vary varies it; give it one way")
                    }
                }
                if Set(recipe.series).count != recipe.series.count {
                    problems.report(locator.key("series"), "each series once: a [[book]] point names a series by its text")
                }
            } else if !(1...2).contains(recipe.vary.count) { problems.report(locator.key("vary"), "a sweep varies one or two parameters: vary = [\"alpha=0.1:1:0.1\", \"n=1,2,4\"] (the first is x, the second a line per value); or one per series with vary_per_series = true") }
        case .scale:
            if recipe.factors.isEmpty { problems.report(locator.key("factors"), "a scale figure needs factors = [1, 2, 3]") }
        case .policyValue:
            if !recipe.series.isEmpty { problems.report(locator.key("series"), "a policy-value figure runs no method (its values are exact, from the model): no series") }
            if recipe.action == nil { problems.report(locator.key("kind"), "a policy-value figure needs action = \"NAME\", the action taken with probability x") }
        case .values, .policy:
            if recipe.series.count > 1 { problems.report(locator.arrayElement("series", index: 1), "a \(recipe.kind.rawValue) figure shows one method's run: one series") }
        }
    }

    private static func readBook(_ table: TOMLTable, _ locator: SourceLocator, labels: [String],
                                 _ problems: inout ProblemCollector) -> [FigureRecipe.BookPoint] {
        guard let value = table["book"] else { return [] }
        guard let array = value.array, value.type == .array else {
            problems.report(locator.key("book"), "`book` must be [[book]] tables, one per reference point")
            return []
        }
        var points: [FigureRecipe.BookPoint] = []
        for (i, element) in array.enumerated() {
            let header = locator.arrayTable("book", i) ?? locator.key("book")
            guard element.type == .table, let entry = element.table else {
                problems.report(header, "reference point \(i + 1) must be a [[book]] table")
                continue
            }
            func at(_ field: String) -> SourcePosition { locator.arrayTable("book", i, field) ?? header }
            let keys = bookSchema.reading(entry, at: at)
            keys.reportUnknownKeys(at: { locator.arrayTable("book", i, $0, value: false) ?? header }, to: &problems)
            var point = FigureRecipe.BookPoint(source: keys.string("source", &problems) ?? "", line: header.line)
            if entry["source"] == nil { problems.report(header, "reference point \(i + 1) needs source = \"...\": where in the book the number is") }
            point.series = keys.string("series", &problems)
            point.x = keys.number("x", &problems)
            point.xTo = keys.number("x_to", &problems)
            point.state = keys.string("state", &problems)
            point.after = keys.integer("after", &problems)
            point.value = keys.number("value", &problems)
            point.tolerance = keys.number("tolerance", &problems)
            point.atMost = keys.number("at_most", &problems)
            point.atLeast = keys.number("at_least", &problems)
            point.action = keys.string("action", &problems)
            point.over = keys.string("over", &problems)
            if point.value == nil && point.atMost == nil && point.atLeast == nil && point.action == nil {
                problems.report(header, "reference point \(i + 1) needs value (with tolerance), at_most, at_least or action")
            }
            if point.value != nil && point.tolerance == nil {
                problems.report(at("value"), "reference point \(i + 1): a value needs its tolerance = ...")
            }
            for (field, label) in [("series", point.series), ("over", point.over)] {
                guard let label, !labels.contains(label) else { continue }
                problems.report(at(field), "\(field) = \"\(label)\" is none of the recipe's series; valid: \(labels.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            if point.series == nil && labels.count > 1 && point.state == nil {
                problems.report(header, "reference point \(i + 1) needs series = \"...\": one of \(labels.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            points.append(point)
        }
        return points
    }

    private static func strings(_ key: String, _ table: TOMLTable, _ locator: SourceLocator, _ problems: inout ProblemCollector) -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array, value.type == .array else {
            problems.report(locator.value(key), "`\(key)` must be an array of strings, e.g. \(key) = [\"...\"]")
            return []
        }
        return array.enumerated().compactMap { i, element in
            guard element.type == .string, let text = element.string else {
                problems.report(locator.arrayElement(key, index: i), "`\(key)` must be an array of strings; element \(i + 1) is not one")
                return nil
            }
            return text
        }
    }

    private static func integers(_ key: String, _ table: TOMLTable, _ locator: SourceLocator, _ problems: inout ProblemCollector,
                                 range: ClosedRange<Int>) -> [Int] {
        guard let value = table[key] else { return [] }
        guard let array = value.array, value.type == .array else {
            problems.report(locator.value(key), "`\(key)` must be an array of whole numbers from \(range.lowerBound) to \(range.upperBound)")
            return []
        }
        return array.enumerated().compactMap { i, element in
            guard element.type == .int, let n = element.int, range.contains(n) else {
                problems.report(locator.arrayElement(key, index: i), "`\(key)` must hold whole numbers from \(range.lowerBound) to \(range.upperBound); element \(i + 1) is not one")
                return nil
            }
            return n
        }
    }
}
