import Foundation
import Testing

@testable import BentoCLI

@Suite struct FormatTests {
    @Test func bytesRoundsAsPrintfDoes() {
        var sizes: [Int64] = [0, 1, 1023, 1024, 1075, 1126, 1127, 1280, 1331, 1332, 1_048_575, 1_048_576, 1 << 40, (1 << 49) - 1, 1 << 49, 1 << 62]
        var state: UInt64 = 42
        for _ in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            sizes.append(Int64(state >> (1 + state % 40)))
        }
        for size in sizes {
            var value = Double(size)
            var unit = 0
            while value >= 1024, unit < 4 {
                value /= 1024
                unit += 1
            }
            let units = ["B", "KiB", "MiB", "GiB", "TiB"]
            let expected = unit == 0 ? "\(size) B" : String(format: "%.1f %@", value, units[unit])
            #expect(Format.bytes(size) == expected, "\(size)")
        }
    }

    @Test func tablePadsEveryColumnButTheLast() {
        let table = Format.table(["TAG", "SIZE", "LABELS"], [["a:1", "4.0 KiB", ""], ["long-name:2", "1 B", "k=v"]])
        #expect(table == """
            TAG          SIZE     LABELS
            a:1          4.0 KiB  
            long-name:2  1 B      k=v
            """)
    }

    @Test func datesAreUTCSeconds() {
        #expect(Format.date(Date(timeIntervalSince1970: 1_705_311_012.999)) == "2024-01-15 09:30:12")
        #expect(Format.date(Date(timeIntervalSince1970: -1)) == "1969-12-31 23:59:59")
        // Outside 1601…9999 it falls back to DateFormatter.
        #expect(Format.date(Date(timeIntervalSince1970: -20_000_000_000)).hasPrefix("13"))
    }
}
