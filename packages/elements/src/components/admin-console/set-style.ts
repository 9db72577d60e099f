import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets CSS properties (kebab-case names, custom properties too) through the CSSOM, never a `style`
 * attribute: Lit's styleMap writes the attribute on first render, which a strict CSP
 * (`style-src 'self'`) refuses. Used on an element: `<li ${setStyle({ 'inline-size': '20%' })}>`.
 */
class SetStyle extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('setStyle goes on an element, not in an attribute');
  }

  render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]) {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return noChange;
  }
}

export const setStyle = directive(SetStyle);
