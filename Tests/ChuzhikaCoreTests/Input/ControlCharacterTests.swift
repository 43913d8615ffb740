import ChuzhikaCore
import Testing

/// What counts as a control character in typed text, and how one is shown instead of obeyed.
@Suite struct ControlCharacterTests {
    @Test("ESC、C1、DEL、双向覆盖和单独的回车被找出，位置按字符计")
    func terminalControlsAreFoundWithTheirPosition() {
        #expect(TypedText.controlCharacter(in: "理由\u{1B}]0;已通过\u{07}") == ControlCharacter(value: 0x1B, position: 3))
        #expect(TypedText.controlCharacter(in: "a\u{9B}2J")?.code == "U+009B")
        #expect(TypedText.controlCharacter(in: "a\u{7F}")?.value == 0x7F)
        #expect(TypedText.controlCharacter(in: "张\u{202E}三")?.value == 0x202E)
        #expect(TypedText.controlCharacter(in: "\u{2066}x")?.position == 1)
        #expect(TypedText.controlCharacter(in: "覆盖\r伪造") == ControlCharacter(value: 0x0D, position: 3))
        #expect(TypedText.controlCharacter(in: "结尾\r") == ControlCharacter(value: 0x0D, position: 3))
    }

    @Test("制表符、换行和 CRLF 是普通文字")
    func tabsAndLineBreaksAreText() {
        for text in ["第一行\n第二行", "a\tb", "Windows\r\n换行", "张三", "°·—“”", ""] {
            #expect(TypedText.controlCharacter(in: text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("显示时控制字符变成图形符号，不留原字符")
    func visibleTextShowsPicturesNotControls() {
        #expect(TypedText.visible("\u{1B}[2J清屏\u{07}") == "␛[2J清屏␇")
        #expect(TypedText.visible("a\u{7F}\u{9B}\u{202E}b") == "a␡<U+009B><U+202E>b")
        #expect(TypedText.visible("两行\n\t缩进\r\n") == "两行\n\t缩进\r\n")
        #expect(TypedText.visible("两行\n\t缩进", singleLine: true) == "两行␊␉缩进")
        #expect(TypedText.visible("覆盖\r伪造") == "覆盖␍伪造")
        #expect(TypedText.visible("张三") == "张三")
    }
}
