/// A JSON object with keys kept in insertion order, so the CLI's `--json` output is stable and
/// readable. Only the value kinds the CLI prints are supported.
struct JSONObject {
    enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        /// Already-rendered JSON (e.g. a nested object's `rendered`).
        case raw(String)
        case array([Value])
    }

    private(set) var pairs: [(String, Value)] = []

    mutating func set(_ key: String, _ value: Value) {
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
    }
    mutating func set(_ key: String, _ value: String) { set(key, .string(value)) }
    mutating func set(_ key: String, _ value: Int) { set(key, .int(value)) }
    mutating func set(_ key: String, _ value: Double) { set(key, .double(value)) }
    mutating func set(_ key: String, _ value: Bool) { set(key, .bool(value)) }
    mutating func set(_ key: String, _ value: Double?) { set(key, value.map(Value.double) ?? .null) }
    mutating func set(_ key: String, _ value: String?) { set(key, value.map(Value.string) ?? .null) }
    mutating func set(_ key: String, _ value: Int?) { set(key, value.map(Value.int) ?? .null) }

    var rendered: String {
        "{" + pairs.map { "\(Self.quote($0.0)): \(Self.render($0.1))" }.joined(separator: ", ") + "}"
    }

    static func render(_ v: Value) -> String {
        switch v {
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : "null"   // JSON has no NaN/Inf
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .raw(let json): return json
        case .array(let a): return "[" + a.map(render).joined(separator: ", ") + "]"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

import Foundation
