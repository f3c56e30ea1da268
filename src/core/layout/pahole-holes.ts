/**
 * dwarves.c `class__find_holes` (pahole 1.24): byte holes, bit holes, tail padding and bit
 * padding of a loaded struct, in one pass over its members in declaration order. Bitfields
 * are tracked per storage unit; results are stored in pahole's u16/u8 fields, so odd layouts
 * wrap exactly as they do in pahole.
 */
import type { PaholeClass, PaholeMember } from './pahole-model';

export /** dwarves.c class__find_holes: holes, bit holes and padding, member by member. */
function findHoles(c: PaholeClass): void {
  let curBitfieldEnd = c.byteSize * 8;
  let curBitfieldSize = 0;
  let lastSeenBit = 0;
  let inBitfield = false;
  let last: PaholeMember | undefined;
  c.nrHoles = 0;
  c.nrBitHoles = 0;
  for (const pos of c.members) {
    pos.bitHole = 0;
    pos.hole = 0;
    const bitStart = pos.bitOffset;
    const bitEnd = bitStart + (pos.bitfieldSize ? pos.bitfieldSize : pos.byteSize * 8);
    let bitHoles = 0;
    let byteHoles = 0;
    if (inBitfield) {
      // Trailing bits left in the current bitfield storage unit.
      const bitfieldEnd = Math.min(bitStart, curBitfieldEnd);
      bitHoles = bitfieldEnd - lastSeenBit;
      lastSeenBit = bitfieldEnd;
    }
    if (pos.bitfieldSize) {
      const alignedStart = pos.byteOffset * 8;
      if (lastSeenBit < alignedStart && alignedStart <= bitStart) {
        byteHoles = pos.byteOffset - Math.floor(lastSeenBit / 8);
        lastSeenBit = alignedStart;
      }
      bitHoles += bitStart - lastSeenBit;
    } else {
      byteHoles = Math.floor(bitStart / 8) - Math.floor(lastSeenBit / 8);
    }
    lastSeenBit = bitEnd;
    if (pos.bitfieldSize) {
      inBitfield = true;
      if (bitEnd > curBitfieldEnd || pos.bitSize > curBitfieldSize) {
        curBitfieldSize = pos.bitSize;
        curBitfieldEnd = pos.byteOffset * 8 + curBitfieldSize;
        // A bitfield that borrowed bits from the previous unit ends in the next one.
        if (bitEnd > curBitfieldEnd) curBitfieldEnd += curBitfieldSize;
      }
    } else {
      inBitfield = false;
      curBitfieldSize = 0;
      curBitfieldEnd = bitEnd;
    }
    // pahole keeps these in u16/u8 fields: odd layouts wrap the way they do there.
    if (last) {
      last.hole = byteHoles & 0xffff;
      last.bitHole = bitHoles & 0xff;
    } else {
      c.preHole = byteHoles & 0xffff;
      c.preBitHole = bitHoles & 0xff;
    }
    if (bitHoles) c.nrBitHoles = (c.nrBitHoles + 1) & 0xff;
    if (byteHoles) c.nrHoles = (c.nrHoles + 1) & 0xff;
    last = pos;
  }
  if (inBitfield) {
    const bitfieldEnd = Math.min(c.byteSize * 8, curBitfieldEnd);
    c.bitPadding = (bitfieldEnd - lastSeenBit) & 0xff;
    lastSeenBit = bitfieldEnd;
  } else {
    c.bitPadding = 0;
  }
  c.padding = (c.byteSize - Math.floor(lastSeenBit / 8)) & 0xffff;
}
