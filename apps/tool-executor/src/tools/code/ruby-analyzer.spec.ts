import { analyzeSource } from './analyze-source';

const INVOICE = `# frozen_string_literal: true

module Billing
  class Invoice < Base
    attr_reader :lines

    def initialize(lines)
      @lines = lines
    end

    def total
      sum = 0
      lines.each do |line|
        next if line.nil? || line.amount.zero?
        sum += line.amount unless line.void?
      end
      sum > 100 ? sum * 0.9 : sum
    end

    def self.parse(text) = new(text.split("\\n"))

    def status
      case @state
      when :open then "open"
      when :paid, :closed
        "done"
      else
        raise "bad" if @state.nil? and strict
      end
    rescue KeyError
      "unknown"
    end
  end
end

=begin
TODO: remove legacy
=end
puts <<~TEXT
  def not_a_method
TEXT
`;

describe('analyzeSource on Ruby (keyword heuristic)', () => {
  const result = analyzeSource({ text: INVOICE, fileName: 'invoice.rb' });

  it('counts =begin/=end blocks as comments and heredocs as code', () => {
    expect(result.analyzer).toBe('ruby-heuristic');
    expect(result.lines).toEqual({ total: 41, code: 31, comment: 4, blank: 6 });
  });

  it('matches def/class/module/do/case with their end, telling modifiers from openers', () => {
    expect(result.functions).toEqual([
      { name: 'initialize', kind: 'constructor', parent: 'Invoice', line: 7, endLine: 9, complexity: 1 },
      { name: 'total', kind: 'method', parent: 'Invoice', line: 11, endLine: 18, complexity: 5 },
      { name: 'self.parse', kind: 'method', parent: 'Invoice', line: 20, endLine: 20, complexity: 1 },
      { name: 'status', kind: 'method', parent: 'Invoice', line: 22, endLine: 32, complexity: 6 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Billing', kind: 'module', line: 3, endLine: 34, methods: [] },
      {
        name: 'Invoice',
        kind: 'class',
        line: 4,
        endLine: 33,
        methods: ['initialize', 'total', 'self.parse', 'status'],
      },
    ]);
    expect(result.averageComplexity).toBe(3.25);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 37, text: 'TODO: remove legacy' }]);
  });

  it('handles while ... do, begin/end while, class << self and x = if', () => {
    const text = [
      'class Counter', // 1
      '  class << self', // 2
      '    def build(n)', // 3
      '      while n > 0 do', // 4
      '        n -= 1', // 5
      '      end', // 6
      '      begin', // 7
      '        n += 1', // 8
      '      end while n < 3', // 9
      '      label = if n.zero? then "zero" else "other" end', // 10
      '      label', // 11
      '    end', // 12
      '  end', // 13
      'end', // 14
    ].join('\n');
    const result = analyzeSource({ text, fileName: 'counter.rb' });
    expect(result.functions).toEqual([
      { name: 'build', kind: 'method', parent: 'Counter', line: 3, endLine: 12, complexity: 4 },
    ]);
    expect(result.classes).toEqual([{ name: 'Counter', kind: 'class', line: 1, endLine: 14, methods: ['build'] }]);
  });
});
