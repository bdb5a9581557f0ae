export { fillMessage, placeholders, type Localized, type MessageValue, type MessageValues } from '../../messages/index.ts';
