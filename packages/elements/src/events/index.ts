// Every Arrivo event class (one module per area; elements import the area they send).
export { ArrivoEvent, ArrivoErrorEvent } from './arrivo-event';
export { ArrivoSignedInEvent, ArrivoSignedOutEvent } from './session';
export { ArrivoProfileSavedEvent } from './profile';
export { ArrivoBookedEvent, ArrivoRescheduledEvent, ArrivoCanceledEvent, ArrivoViewLiveMapEvent, ArrivoFeedbackRequestedEvent } from './booking';
export { ArrivoVisitStatusChangedEvent, ArrivoLocationSharingChangedEvent } from './technician';
export { ArrivoFeedbackSubmittedEvent, ArrivoFollowUpRequestedEvent } from './feedback';
