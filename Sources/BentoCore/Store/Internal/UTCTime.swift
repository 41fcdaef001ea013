package import Foundation

/// Gregorian UTC dates without a formatter: creating an `ISO8601DateFormatter` or `DateFormatter`
/// (ICU underneath) costs far more than the arithmetic, and listing a store does it per entry.
///
/// Each function handles only the common, unambiguous case — years 1601 through 9999, where ICU's
/// calendar is the proleptic Gregorian one used here — and returns `nil` otherwise, so callers keep
/// their formatter for the rest and the two never disagree.
package enum UTCTime {
    /// Whole milliseconds since 1970 of `yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mm:ss.SSSZ`, the form
    /// ``ModelInfo`` writes; `nil` for anything else (other zones, digits, or an invalid date).
    static func parseMilliseconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 24, b[4] == ascii("-"), b[7] == ascii("-"), b[10] == ascii("T"),
            b[13] == ascii(":"), b[16] == ascii(":"), b.last == ascii("Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= ascii("0"), b[i] <= ascii("9") else { return nil }
                value = value * 10 + Int(b[i] - ascii("0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1601...9999).contains(year), (1...12).contains(month), (1...daysIn(month, of: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var millis = 0
        if b.count == 24 {
            guard b[19] == ascii("."), let fraction = number(20..<23) else { return nil }
            millis = fraction
        }
        let days = daysSince1970(year: year, month: month, day: day)
        return Int64(((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + Int64(millis)
    }

    /// The date `milliseconds` after 1970, exactly as ``ModelInfo`` rounds every date it keeps.
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `yyyy-MM-dd HH:mm:ss` in UTC as `DateFormatter` writes it (to the nearest millisecond, then
    /// seconds truncated); `nil` outside 1601…9999.
    package static func format(_ date: Date) -> String? {
        // As CoreFoundation hands the date to ICU (milliseconds since 1970, plus 0.5), and ICU floors.
        let millis = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        guard millis.isFinite, abs(millis) < 1e15 else { return nil }
        let (days, millisOfDay) = Int(millis).quotientAndRemainderFloored(dividingBy: 86_400_000)
        let (year, month, day) = civil(daysSince1970: days)
        guard (1601...9999).contains(year) else { return nil }
        let seconds = millisOfDay / 1000
        var out: [UInt8] = []
        out.reserveCapacity(19)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: ascii("0"), count: width)
            var rest = value
            for i in (0..<width).reversed() {
                digits[i] = ascii("0") + UInt8(rest % 10)
                rest /= 10
            }
            out += digits
        }
        put(year, 4); out.append(ascii("-")); put(month, 2); out.append(ascii("-")); put(day, 2)
        out.append(ascii(" "))
        put(seconds / 3600, 2); out.append(ascii(":")); put(seconds / 60 % 60, 2); out.append(ascii(":"))
        put(seconds % 60, 2)
        return String(decoding: out, as: UTF8.self)
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int {
    /// Quotient rounded toward negative infinity, and the non-negative remainder.
    fileprivate func quotientAndRemainderFloored(dividingBy divisor: Int) -> (Int, Int) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}

@inline(__always)
private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }
